export { AccountError, addUser, disableUser, ROLES, type Role, setPassword, type User } from './accounts.ts';
export { createDashboard, type DashboardDeps, type SellerConsentDeps } from './app.ts';
