// Loaded only by `secrets-run plan`: the plan's rendering, and the settings check that needs no server.
export { planReportKeys, renderPlanJson, renderPlanTable } from '../plan/render-plan.js';
export { configFailures } from '../infisical/config-failures.js';
