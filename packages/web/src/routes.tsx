import { lazy } from "react";
import type { RouteObject } from "react-router";
import { Layout } from "./components/Layout.tsx";
import { RequireRole } from "./components/RequireRole.tsx";
import { ApplyForm } from "./pages/citizen/ApplyForm.tsx";
import { BundleList } from "./pages/citizen/BundleList.tsx";
import { CitizenCase } from "./pages/citizen/CitizenCase.tsx";
import { Messages } from "./pages/citizen/Messages.tsx";
import { MyCases } from "./pages/citizen/MyCases.tsx";
import { Offers } from "./pages/citizen/Offers.tsx";
import { OpsCaseDetail } from "./pages/ops/OpsCaseDetail.tsx";
import { OpsCases } from "./pages/ops/OpsCases.tsx";
import { OpsDepartments } from "./pages/ops/OpsDepartments.tsx";
import { SignIn } from "./pages/SignIn.tsx";
import { SignInCallback } from "./sign-in/SignInCallback.tsx";

// The chart library is most of the bundle and only operators need it: the overview loads on demand.
const Overview = lazy(() => import("./pages/ops/Overview.tsx").then((m) => ({ default: m.Overview })));

const citizen = (page: React.ReactNode) => <RequireRole allowed="citizen">{page}</RequireRole>;
const operator = (page: React.ReactNode) => <RequireRole allowed="operator">{page}</RequireRole>;

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: "/", element: <SignIn /> },
      { path: "/apply", element: citizen(<BundleList />) },
      { path: "/apply/:bundleId", element: citizen(<ApplyForm />) },
      { path: "/my", element: citizen(<MyCases />) },
      { path: "/my/cases/:caseId", element: citizen(<CitizenCase />) },
      { path: "/offers", element: citizen(<Offers />) },
      { path: "/messages", element: citizen(<Messages />) },
      { path: "/ops", element: operator(<Overview />) },
      { path: "/ops/cases", element: operator(<OpsCases />) },
      { path: "/ops/cases/:caseId", element: operator(<OpsCaseDetail />) },
      { path: "/ops/departments", element: operator(<OpsDepartments />) },
      { path: "/signin/callback", element: <SignInCallback /> },
      { path: "*", element: <SignIn /> },
    ],
  },
];
