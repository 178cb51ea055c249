import { lazy, Suspense, useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, Route, Routes as RouterRoutes, useLocation } from 'react-router';
import { getSession, subscribe } from './session';
import { Shell } from './ui/Shell';
import { Loading } from './ui/states';

// Every page is its own chunk: the initial JavaScript is the shell and the sign-in page only.
const SignIn = lazy(() => import('./pages/SignIn'));
const Queue = lazy(() => import('./pages/Queue'));
const OpenCase = lazy(() => import('./pages/OpenCase'));
const CasePage = lazy(() => import('./pages/CasePage'));
const Approvals = lazy(() => import('./pages/Approvals'));
const Audit = lazy(() => import('./pages/Audit'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Alerts = lazy(() => import('./pages/Alerts'));
const Referrals = lazy(() => import('./pages/Referrals'));

export function useSession() {
  return useSyncExternalStore(subscribe, getSession);
}

function Home() {
  const s = useSession();
  const roles = s?.principal.roles ?? [];
  if (roles.includes('caseworker')) return <Navigate to="/queue" replace />;
  if (roles.includes('supervisor')) return <Navigate to="/approvals" replace />;
  if (roles.includes('auditor')) return <Navigate to="/audit" replace />;
  return <Navigate to="/queue" replace />;
}

function Protected({ children }: { children: ReactNode }) {
  const s = useSession();
  const location = useLocation();
  if (!s) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <Shell>{children}</Shell>;
}

export function Routes() {
  return (
    <Suspense fallback={<Loading />}>
      <RouterRoutes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/auth/callback" element={<SignIn />} />
        <Route
          path="/"
          element={
            <Protected>
              <Home />
            </Protected>
          }
        />
        <Route
          path="/queue"
          element={
            <Protected>
              <Queue />
            </Protected>
          }
        />
        <Route
          path="/cases/new"
          element={
            <Protected>
              <OpenCase />
            </Protected>
          }
        />
        <Route
          path="/cases/:id"
          element={
            <Protected>
              <CasePage />
            </Protected>
          }
        />
        <Route
          path="/approvals"
          element={
            <Protected>
              <Approvals />
            </Protected>
          }
        />
        <Route
          path="/dashboard"
          element={
            <Protected>
              <Dashboard />
            </Protected>
          }
        />
        <Route
          path="/audit"
          element={
            <Protected>
              <Audit />
            </Protected>
          }
        />
        <Route
          path="/audit/:id"
          element={
            <Protected>
              <Audit />
            </Protected>
          }
        />
        <Route
          path="/alerts"
          element={
            <Protected>
              <Alerts />
            </Protected>
          }
        />
        <Route
          path="/referrals"
          element={
            <Protected>
              <Referrals />
            </Protected>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </RouterRoutes>
    </Suspense>
  );
}
