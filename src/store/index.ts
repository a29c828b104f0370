// The store: library.json (metadata, via lowdb), article files and assets, the folder lock.
export { Library, type PullResult } from './library.js';
export { journalDevices } from './journal.js';
export { ArticleFiles, isAssetName } from './files.js';
export { lockDataDir, type DirLock } from './lock.js';
export { writeFileAtomic, removeStaleTemps } from './atomic.js';
export { SCHEMA_VERSION } from './migrations.js';
export { isHlc, wallOf } from './hlc.js';
export { journalFile } from './journal.js';
export { syncDir } from './atomic.js';
export { journalRecordProblem, settingIsValid, isPlainObject } from './validate.js';
