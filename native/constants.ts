// libvirt constants under their libvirt names (the enum prefix becomes the object key).
// Values from libvirt's public headers; flags combine with `|`.

/** virErrorNumber, e.g. VIR_ERR.NO_DOMAIN for VIR_ERR_NO_DOMAIN. */
export const VIR_ERR = {
  INTERNAL_ERROR: 1,
  NO_MEMORY: 2,
  NO_SUPPORT: 3,
  UNKNOWN_HOST: 4,
  NO_CONNECT: 5,
  INVALID_CONN: 6,
  INVALID_DOMAIN: 7,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  GET_FAILED: 10,
  POST_FAILED: 11,
  HTTP_ERROR: 12,
  SEXPR_SERIAL: 13,
  NO_XEN: 14,
  XEN_CALL: 15,
  OS_TYPE: 16,
  NO_KERNEL: 17,
  NO_ROOT: 18,
  NO_SOURCE: 19,
  NO_TARGET: 20,
  NO_NAME: 21,
  NO_OS: 22,
  NO_DEVICE: 23,
  NO_XENSTORE: 24,
  DRIVER_FULL: 25,
  CALL_FAILED: 26,
  XML_ERROR: 27,
  DOM_EXIST: 28,
  OPERATION_DENIED: 29,
  OPEN_FAILED: 30,
  READ_FAILED: 31,
  PARSE_FAILED: 32,
  CONF_SYNTAX: 33,
  WRITE_FAILED: 34,
  XML_DETAIL: 35,
  INVALID_NETWORK: 36,
  NETWORK_EXIST: 37,
  SYSTEM_ERROR: 38,
  RPC: 39,
  GNUTLS_ERROR: 40,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  INVALID_MAC: 44,
  AUTH_FAILED: 45,
  INVALID_STORAGE_POOL: 46,
  INVALID_STORAGE_VOL: 47,
  NO_STORAGE_POOL: 49,
  NO_STORAGE_VOL: 50,
  INVALID_NODE_DEVICE: 52,
  NO_NODE_DEVICE: 53,
  NO_SECURITY_MODEL: 54,
  OPERATION_INVALID: 55,
  NO_INTERFACE: 57,
  INVALID_INTERFACE: 58,
  MULTIPLE_INTERFACES: 59,
  INVALID_NWFILTER: 61,
  NO_NWFILTER: 62,
  BUILD_FIREWALL: 63,
  INVALID_SECRET: 65,
  NO_SECRET: 66,
  CONFIG_UNSUPPORTED: 67,
  OPERATION_TIMEOUT: 68,
  MIGRATE_PERSIST_FAILED: 69,
  HOOK_SCRIPT_FAILED: 70,
  INVALID_DOMAIN_SNAPSHOT: 71,
  NO_DOMAIN_SNAPSHOT: 72,
  INVALID_STREAM: 73,
  ARGUMENT_UNSUPPORTED: 74,
  STORAGE_PROBE_FAILED: 75,
  STORAGE_POOL_BUILT: 76,
  SNAPSHOT_REVERT_RISKY: 77,
  OPERATION_ABORTED: 78,
  AUTH_CANCELLED: 79,
  NO_DOMAIN_METADATA: 80,
  MIGRATE_UNSAFE: 81,
  OVERFLOW: 82,
  BLOCK_COPY_ACTIVE: 83,
  OPERATION_UNSUPPORTED: 84,
  SSH: 85,
  AGENT_UNRESPONSIVE: 86,
  RESOURCE_BUSY: 87,
  ACCESS_DENIED: 88,
  DBUS_SERVICE: 89,
  STORAGE_VOL_EXIST: 90,
  CPU_INCOMPATIBLE: 91,
  XML_INVALID_SCHEMA: 92,
  MIGRATE_FINISH_OK: 93,
  AUTH_UNAVAILABLE: 94,
  NO_SERVER: 95,
  NO_CLIENT: 96,
  AGENT_UNSYNCED: 97,
  LIBSSH: 98,
  DEVICE_MISSING: 99,
  INVALID_NWFILTER_BINDING: 100,
  NO_NWFILTER_BINDING: 101,
  INVALID_DOMAIN_CHECKPOINT: 102,
  NO_DOMAIN_CHECKPOINT: 103,
  NO_DOMAIN_BACKUP: 104,
  INVALID_NETWORK_PORT: 105,
  NETWORK_PORT_EXIST: 106,
  NO_NETWORK_PORT: 107,
  NO_HOSTNAME: 108,
  CHECKPOINT_INCONSISTENT: 109,
  MULTIPLE_DOMAINS: 110,
} as const;

/** virConnectListAllDomainsFlags */
export const VIR_CONNECT_LIST_DOMAINS = {
  ACTIVE: 1 << 0,
  INACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  RUNNING: 1 << 4,
  PAUSED: 1 << 5,
  SHUTOFF: 1 << 6,
  OTHER: 1 << 7,
  MANAGEDSAVE: 1 << 8,
  NO_MANAGEDSAVE: 1 << 9,
  AUTOSTART: 1 << 10,
  NO_AUTOSTART: 1 << 11,
  HAS_SNAPSHOT: 1 << 12,
  NO_SNAPSHOT: 1 << 13,
  HAS_CHECKPOINT: 1 << 14,
  NO_CHECKPOINT: 1 << 15,
} as const;

/** virDomainXMLFlags */
export const VIR_DOMAIN_XML = {
  SECURE: (1 << 0),
  INACTIVE: (1 << 1),
  UPDATE_CPU: (1 << 2),
  MIGRATABLE: (1 << 3),
} as const;

/** virDomainDefineFlags */
export const VIR_DOMAIN_DEFINE = {
  VALIDATE: (1 << 0),
} as const;

/** virDomainMetadataType */
export const VIR_DOMAIN_METADATA = {
  DESCRIPTION: 0,
  TITLE: 1,
  ELEMENT: 2,
} as const;

/** virDomainModificationImpact */
export const VIR_DOMAIN_AFFECT = {
  CURRENT: 0,
  LIVE: (1 << 0),
  CONFIG: (1 << 1),
} as const;

/** virDomainUndefineFlagsValues */
export const VIR_DOMAIN_UNDEFINE = {
  MANAGED_SAVE: (1 << 0),
  SNAPSHOTS_METADATA: (1 << 1),
  NVRAM: (1 << 2),
  KEEP_NVRAM: (1 << 3),
  CHECKPOINTS_METADATA: (1 << 4),
  TPM: (1 << 5),
  KEEP_TPM: (1 << 6),
} as const;

/** virDomainSnapshotCreateFlags */
export const VIR_DOMAIN_SNAPSHOT_CREATE = {
  REDEFINE: (1 << 0),
  CURRENT: (1 << 1),
  NO_METADATA: (1 << 2),
  HALT: (1 << 3),
  DISK_ONLY: (1 << 4),
  REUSE_EXT: (1 << 5),
  QUIESCE: (1 << 6),
  ATOMIC: (1 << 7),
  LIVE: (1 << 8),
  VALIDATE: (1 << 9),
} as const;

/** virDomainSnapshotListFlags */
export const VIR_DOMAIN_SNAPSHOT_LIST = {
  ROOTS: (1 << 0),
  DESCENDANTS: (1 << 0),
  LEAVES: (1 << 2),
  NO_LEAVES: (1 << 3),
  METADATA: (1 << 1),
  NO_METADATA: (1 << 4),
  INACTIVE: (1 << 5),
  ACTIVE: (1 << 6),
  DISK_ONLY: (1 << 7),
  INTERNAL: (1 << 8),
  EXTERNAL: (1 << 9),
  TOPOLOGICAL: (1 << 10),
} as const;

/** virDomainSnapshotRevertFlags */
export const VIR_DOMAIN_SNAPSHOT_REVERT = {
  RUNNING: 1 << 0,
  PAUSED: 1 << 1,
  FORCE: 1 << 2,
  RESET_NVRAM: 1 << 3,
} as const;

/** virDomainSnapshotDeleteFlags */
export const VIR_DOMAIN_SNAPSHOT_DELETE = {
  CHILDREN: (1 << 0),
  METADATA_ONLY: (1 << 1),
  CHILDREN_ONLY: (1 << 2),
} as const;

/** virDomainSnapshotXMLFlags */
export const VIR_DOMAIN_SNAPSHOT_XML = {
  SECURE: 1,
} as const;

/** virDomainState */
export const VIR_DOMAIN_STATE = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** virDomainCreateFlags */
export const VIR_DOMAIN_START = {
  PAUSED: 1 << 0,
  AUTODESTROY: 1 << 1,
  BYPASS_CACHE: 1 << 2,
  FORCE_BOOT: 1 << 3,
  VALIDATE: 1 << 4,
  RESET_NVRAM: 1 << 5,
} as const;

/** virConnectFlags for virConnectOpenAuth */
export const VIR_CONNECT = {
  RO: 1 << 0,
  NO_ALIASES: 1 << 1,
} as const;

/** virDomainSaveRestoreFlags */
export const VIR_DOMAIN_SAVE = {
  BYPASS_CACHE: 1 << 0,
  RUNNING: 1 << 1,
  PAUSED: 1 << 2,
  RESET_NVRAM: 1 << 3,
} as const;

/** virDomainEventID (the ones this layer subscribes to) */
export const VIR_DOMAIN_EVENT_ID = {
  LIFECYCLE: 0,
  BLOCK_JOB_2: 16,
} as const;

/** virDomainBlockCommitFlags */
export const VIR_DOMAIN_BLOCK_COMMIT = {
  SHALLOW: 1 << 0,
  DELETE: 1 << 1,
  ACTIVE: 1 << 2,
  RELATIVE: 1 << 3,
  BANDWIDTH_BYTES: 1 << 4,
} as const;

/** virDomainBlockRebaseFlags */
export const VIR_DOMAIN_BLOCK_REBASE = {
  SHALLOW: 1 << 0,
  REUSE_EXT: 1 << 1,
  COPY_RAW: 1 << 2,
  COPY: 1 << 3,
  RELATIVE: 1 << 4,
  COPY_DEV: 1 << 5,
  BANDWIDTH_BYTES: 1 << 6,
} as const;

/** virDomainBlockJobAbortFlags */
export const VIR_DOMAIN_BLOCK_JOB_ABORT = {
  ASYNC: 1 << 0,
  PIVOT: 1 << 1,
} as const;

/** virDomainBlockJobType: the `type` of a block job (job info, BLOCK_JOB_2 events) */
export const VIR_DOMAIN_BLOCK_JOB_TYPE = {
  UNKNOWN: 0,
  PULL: 1,
  COPY: 2,
  COMMIT: 3,
  ACTIVE_COMMIT: 4,
  BACKUP: 5,
} as const;

/** virConnectDomainEventBlockJobStatus: the `status` of a BLOCK_JOB_2 event */
export const VIR_DOMAIN_BLOCK_JOB = {
  COMPLETED: 0,
  FAILED: 1,
  CANCELED: 2,
  READY: 3,
} as const;

/** virDomainDestroyFlagsValues */
export const VIR_DOMAIN_DESTROY = {
  DEFAULT: 0,
  GRACEFUL: 1 << 0,
  REMOVE_LOGS: 1 << 1,
} as const;

/** virDomainEventType: the `event` of a lifecycle event */
export const VIR_DOMAIN_EVENT = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;

/** The `detail` of each lifecycle event type (virDomainEvent<Type>DetailType) */
export const VIR_DOMAIN_EVENT_DEFINED = { ADDED: 0, UPDATED: 1, RENAMED: 2, FROM_SNAPSHOT: 3 } as const;
export const VIR_DOMAIN_EVENT_UNDEFINED = { REMOVED: 0, RENAMED: 1 } as const;
export const VIR_DOMAIN_EVENT_STARTED = { BOOTED: 0, MIGRATED: 1, RESTORED: 2, FROM_SNAPSHOT: 3, WAKEUP: 4 } as const;
export const VIR_DOMAIN_EVENT_SUSPENDED = {
  PAUSED: 0, MIGRATED: 1, IOERROR: 2, WATCHDOG: 3, RESTORED: 4, FROM_SNAPSHOT: 5, API_ERROR: 6, POSTCOPY: 7, POSTCOPY_FAILED: 8,
} as const;
export const VIR_DOMAIN_EVENT_RESUMED = { UNPAUSED: 0, MIGRATED: 1, FROM_SNAPSHOT: 2, POSTCOPY: 3, POSTCOPY_FAILED: 4 } as const;
export const VIR_DOMAIN_EVENT_STOPPED = { SHUTDOWN: 0, DESTROYED: 1, CRASHED: 2, MIGRATED: 3, SAVED: 4, FAILED: 5, FROM_SNAPSHOT: 6 } as const;
export const VIR_DOMAIN_EVENT_SHUTDOWN = { FINISHED: 0, GUEST: 1, HOST: 2 } as const;
export const VIR_DOMAIN_EVENT_PMSUSPENDED = { MEMORY: 0, DISK: 1 } as const;
export const VIR_DOMAIN_EVENT_CRASHED = { PANICKED: 0, CRASHLOADED: 1 } as const;

/** virConnectCloseReason */
export const VIR_CONNECT_CLOSE_REASON = {
  ERROR: 0,
  EOF: 1,
  KEEPALIVE: 2,
  CLIENT: 3,
} as const;

/** virDomainJobType */
export const VIR_DOMAIN_JOB = {
  NONE: 0,
  BOUNDED: 1,
  UNBOUNDED: 2,
  COMPLETED: 3,
  FAILED: 4,
  CANCELLED: 5,
} as const;

/** virDomainGetJobStatsFlags */
export const VIR_DOMAIN_JOB_STATS = {
  COMPLETED: 1 << 0,
  KEEP_COMPLETED: 1 << 1,
} as const;

/** virDomainJobOperation */
export const VIR_DOMAIN_JOB_OPERATION = {
  UNKNOWN: 0,
  START: 1,
  SAVE: 2,
  RESTORE: 3,
  MIGRATION_IN: 4,
  MIGRATION_OUT: 5,
  SNAPSHOT: 6,
  SNAPSHOT_REVERT: 7,
  DUMP: 8,
  BACKUP: 9,
  SNAPSHOT_DELETE: 10,
} as const;

/** virTypedParameterType */
export const VIR_TYPED_PARAM = {
  INT: 1,
  UINT: 2,
  LLONG: 3,
  ULLONG: 4,
  DOUBLE: 5,
  BOOLEAN: 6,
  STRING: 7,
} as const;

/** virDomainQemuAgentCommandTimeoutValues (seconds, or these specials) */
export const VIR_DOMAIN_QEMU_AGENT_COMMAND = {
  BLOCK: -2,
  DEFAULT: -1,
  NOWAIT: 0,
  SHUTDOWN: 60,
} as const;

/** virStreamFlags */
export const VIR_STREAM = {
  NONBLOCK: 1 << 0,
} as const;

/** virStreamRecvFlagsValues */
export const VIR_STREAM_RECV = {
  STOP_AT_HOLE: 1 << 0,
} as const;

/** virStorageVolDownloadFlags */
export const VIR_STORAGE_VOL_DOWNLOAD = {
  SPARSE_STREAM: 1 << 0,
} as const;

/** virStorageVolUploadFlags */
export const VIR_STORAGE_VOL_UPLOAD = {
  SPARSE_STREAM: 1 << 0,
} as const;

/** virStoragePoolState */
export const VIR_STORAGE_POOL_STATE = {
  INACTIVE: 0,
  BUILDING: 1,
  RUNNING: 2,
  DEGRADED: 3,
  INACCESSIBLE: 4,
} as const;

/** virStoragePoolBuildFlags */
export const VIR_STORAGE_POOL_BUILD = {
  NEW: 0,
  REPAIR: 1 << 0,
  RESIZE: 1 << 1,
  NO_OVERWRITE: 1 << 2,
  OVERWRITE: 1 << 3,
} as const;

/** virStoragePoolCreateFlags */
export const VIR_STORAGE_POOL_CREATE = {
  NORMAL: 0,
  WITH_BUILD: 1 << 0,
  WITH_BUILD_OVERWRITE: 1 << 1,
  WITH_BUILD_NO_OVERWRITE: 1 << 2,
} as const;

/** virStoragePoolDefineFlags */
export const VIR_STORAGE_POOL_DEFINE = {
  VALIDATE: 1 << 0,
} as const;

/** virConnectListAllStoragePoolsFlags */
export const VIR_CONNECT_LIST_STORAGE_POOLS = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
  DIR: 1 << 6,
  FS: 1 << 7,
  NETFS: 1 << 8,
  LOGICAL: 1 << 9,
  DISK: 1 << 10,
  ISCSI: 1 << 11,
  SCSI: 1 << 12,
  MPATH: 1 << 13,
  RBD: 1 << 14,
  SHEEPDOG: 1 << 15,
  GLUSTER: 1 << 16,
  ZFS: 1 << 17,
  VSTORAGE: 1 << 18,
  ISCSI_DIRECT: 1 << 19,
} as const;

/** virConnectListAllNetworksFlags */
export const VIR_CONNECT_LIST_NETWORKS = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
} as const;

/** virNetworkXMLFlags */
export const VIR_NETWORK_XML = {
  INACTIVE: 1 << 0,
} as const;

/** virStorageVolType */
export const VIR_STORAGE_VOL_TYPE = {
  FILE: 0,
  BLOCK: 1,
  DIR: 2,
  NETWORK: 3,
  NETDIR: 4,
  PLOOP: 5,
} as const;

/** virStorageVolCreateFlags */
export const VIR_STORAGE_VOL_CREATE = {
  PREALLOC_METADATA: 1 << 0,
  REFLINK: 1 << 1,
  VALIDATE: 1 << 2,
} as const;

/** virStorageVolDeleteFlags */
export const VIR_STORAGE_VOL_DELETE = {
  NORMAL: 0,
  ZEROED: 1 << 0,
  WITH_SNAPSHOTS: 1 << 1,
} as const;

/** virStorageVolWipeAlgorithm */
export const VIR_STORAGE_VOL_WIPE_ALG = {
  ZERO: 0,
  NNSA: 1,
  DOD: 2,
  BSI: 3,
  GUTMANN: 4,
  SCHNEIER: 5,
  PFITZNER7: 6,
  PFITZNER33: 7,
  RANDOM: 8,
  TRIM: 9,
} as const;

/** virStorageVolInfoFlags */
export const VIR_STORAGE_VOL_INFO = {
  USE_ALLOCATION: 0,
  GET_PHYSICAL: 1 << 0,
} as const;

/** virStorageXMLFlags */
export const VIR_STORAGE_XML = {
  INACTIVE: 1 << 0,
} as const;
