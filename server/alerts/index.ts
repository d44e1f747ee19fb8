/**
 * The alerts room: what an analysis run raises (build.ts, record.ts), and the queue investigators work (queue.ts).
 * docs/CASES.md § Alerts.
 */
export { buildAlerts, memberFingerprint, type AccountSnapshot, type ClusterSnapshot } from "./build.js";
export { recordAlerts, type RecordAlertsOptions } from "./record.js";
export {
  assignAlert,
  effectiveStatus,
  escalateAlert,
  listQueue,
  snoozeAlert,
  type QueueFilter,
} from "./queue.js";
export {
  DEFAULT_ALERT_SETTINGS,
  resolveAlertSettings,
  validateAlertSettings,
  type AlertSettings,
} from "./settings.js";
