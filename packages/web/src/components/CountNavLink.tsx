import { NavLink } from "react-router";

/** A nav link with a count badge beside its label (hidden at 0), the count spelled out for screen readers. */
export function CountNavLink(props: {
  to: string;
  label: string;
  count: number;
  spoken: string;
  testId: string;
}) {
  return (
    <NavLink to={props.to}>
      {props.label}
      {props.count > 0 && (
        <span className="badge count" data-testid={props.testId}>
          <span aria-hidden="true">{props.count}</span>
          <span className="visually-hidden">{props.spoken}</span>
        </span>
      )}
    </NavLink>
  );
}
