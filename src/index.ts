/**
 * tuban — 图斑: CGCS2000 coordinate systems, legal ellipsoidal areas in 亩, and exact overlay (套合) of land
 * patches for county land enforcement (卫片执法) and 耕地占补平衡.
 */
export { TubanError, InputError, CrsError } from './errors.js';

// Layers in flat arrays, GeoJSON at the edges, files.
export type { Layer, LayerIssue, LayerReport, Attributes, AttributeValue } from './geometry/types.js';
export {
  fromGeoJSON,
  toGeoJSON,
  reprojectLayer,
  layerBbox,
  type FromGeoJSONOptions,
  type ToGeoJSONOptions,
  type LayerWithReport,
  type PolygonFeature,
  type PolygonFeatureCollection,
} from './geometry/layer.js';
export { readLayer, type ReadLayerOptions } from './io/read.js';
export { readGeoJSON, type GeoJSONReadOptions } from './io/geojson-read.js';
export { readDbf, encodingFromCpg, type DbfTable, type DbfField } from './io/dbf.js';
export { readShp } from './io/shapefile.js';
export { listZip, type ZipEntry } from './io/zip.js';
export { writeLayer, writeTable, type WriteLayerOptions, type WriteLayerReport, type TableSpec } from './io/write.js';
export { writeShapefile, esriWkt, type ShapefileWriteOptions, type ShapefileWriteReport } from './io/shapefile-write.js';
export { writeGeoJSON, type GeoJSONWriteOptions, type GeoJSONWriteReport } from './io/geojson-write.js';
export { writeXlsx, XLSX_FORMATS, type SheetSpec, type ColumnSpec, type CellValue, type XlsxWriteOptions } from './io/xlsx.js';
export { csvTable, csvLine, type CsvValue } from './io/csv.js';

// Coordinate reference systems.
export * from './crs/index.js';

// Areas.
export * from './area/index.js';

// Spatial index and overlay.
export { LayerIndex, layerIndex, TreeHits } from './index/index.js';
export {
  tabulateParallel,
  tabulateLayersParallel,
  createTabulatePool,
  MAX_THREADS,
  type ParallelOptions,
  type TabulatePool,
} from './parallel/tabulate-parallel.js';
export {
  tabulate,
  tabulateLayers,
  intersect,
  measureFeatures,
  planarMeasure,
  ellipsoidalMeasure,
  type ClassBy,
  type TabulateOptions,
  type TabulateResult,
  type PatchTabulation,
  type ClassArea,
  type TabulateLayersOptions,
  type TabulateLayersResult,
  type ClassPairArea,
  type LeftClassArea,
  type IntersectOptions,
  type IntersectResult,
  type IntersectionPiece,
  type IntersectionProperties,
  type AreaAccumulator,
  type EdgeMeasure,
  type MeasureOption,
  type RepairReport,
  type FeatureAreasResult,
} from './overlay/index.js';

// 卫片执法: the 套合 table, judgement, 重合图斑, ledgers, report, the whole job.
export * from './enforcement/types.js';
export { computeTaohe, type TaoheOptions } from './enforcement/taohe.js';
export { DEFAULT_ENFORCEMENT_CONFIG, parseEnforcementConfig, loadEnforcementConfig, type EnforcementConfigInput } from './enforcement/config.js';
export { largestRemainder, adjustRow, adjustSummary } from './enforcement/adjust.js';
export { judge, judgeAll, isIllegalCategory, defaultRemediation, type JudgeOptions } from './enforcement/judge.js';
export {
  buildLedger,
  checkReclaimed,
  type Ledger,
  type LedgerRow,
  type LedgerOptions,
  type OverdueItem,
  type Ratio,
  type AreaFigure,
  type ReclaimedResult,
} from './enforcement/ledger.js';
export {
  readStatusTable,
  parseStatusTable,
  readDeadlineTable,
  parseDeadlineTable,
  type StatusTable,
  type StatusRecord,
  type RemediationStatus,
} from './enforcement/status.js';
export {
  mergePatchSets,
  TaskList,
  type MergeOptions,
  type MergeReport,
  type MergeTask,
  type MonthReport,
  type PatchSetInput,
  type TaskListJSON,
} from './enforcement/merge.js';
export { renderReport, type ReportInput, type ProgressPoint } from './enforcement/report-html.js';
export {
  runTaoheJob,
  writeTaoheJob,
  taoheTables,
  readProgressHistory,
  type TaoheJobInput,
  type TaoheJobResult,
  type PatchSet,
  type TaoheFormat,
  type JobTable,
} from './enforcement/job.js';
export { selectFeatures, type FeatureSelection } from './geometry/select.js';

// 耕地占补平衡.
export * from './balance/types.js';
export { readYieldTable, parseYieldTable, capacityOf, yieldOf, type YieldTableOptions } from './balance/yield.js';
export { computeDemand } from './balance/demand.js';
export { verifySupply, readPurchasedLedger, parsePurchasedLedger } from './balance/supply.js';
export { DEFAULT_BALANCE_CONFIG, parseBalanceConfig, loadBalanceConfig, type BalanceConfig, type BalanceConfigInput } from './balance/config.js';
export {
  allocate,
  muToHectare,
  hectaresOf,
  INDICATOR_NAMES,
  type BalanceResult,
  type DemandBalance,
  type SupplyBalance,
  type AllocateOptions,
} from './balance/allocate.js';
export { runBalance, writeBalance, balanceJSON, type BalanceJobInput, type BalanceJobResult } from './balance/job.js';
