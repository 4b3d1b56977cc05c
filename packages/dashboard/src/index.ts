export { AccountError, addUser, disableUser, ROLES, type Role, setPassword, type User } from './accounts.ts';
export { createDashboard, type DashboardDeps } from './app.ts';
