import type { ReactNode } from "react";

/**
 * A row of sample buttons under a legend (sign-in identities, organisations, sample applications): picking one fills
 * the form.
 * @example <SampleButtons legend={t("signIn.samples")} samples={people} keyOf={(s) => s.idNumber} … />
 */
export function SampleButtons<Sample>(props: {
  legend: ReactNode;
  samples: readonly Sample[];
  keyOf: (sample: Sample) => string;
  label: (sample: Sample) => ReactNode;
  title?: (sample: Sample) => string;
  onPick: (sample: Sample) => void;
}) {
  return (
    <fieldset className="samples">
      <legend>{props.legend}</legend>
      {props.samples.map((s) => (
        <button key={props.keyOf(s)} type="button" title={props.title?.(s)} onClick={() => props.onPick(s)}>
          {props.label(s)}
        </button>
      ))}
    </fieldset>
  );
}
