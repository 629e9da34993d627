import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { setUnauthorizedHandler } from "./api.ts";
import { ApiError } from "./errors.ts";
import "./i18n.ts";
import { routes } from "./routes.tsx";
import { keepSessionFresh } from "./sign-in/oidc.ts";
// In this order: each area's rules may refine the ones before (the cascade).
import "./styles/base.css";
import "./styles/chrome.css";
import "./styles/forms.css";
import "./styles/tables.css";
import "./styles/pages.css";
import "./styles/deadlines.css";
import "./styles/offers.css";
import "./styles/plain-pages.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on retry; a network blip (no answer: status 0) or a 5xx may.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter(routes);
const signedOut = () => {
  queryClient.clear();
  void router.navigate("/");
};
setUnauthorizedHandler(signedOut);
// Tokens from the OpenID provider are renewed before they expire; a refused renewal is a sign-out.
keepSessionFresh(signedOut);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
