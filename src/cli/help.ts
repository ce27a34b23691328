/**
 * Help texts: `tuban --help` (all commands) and `tuban <command> --help` (one command, with examples). Kept
 * beside each other so the general summary and the command pages say the same thing.
 */

const INPUTS = `Layer files: ESRI Shapefile (.shp with its .dbf beside it, plus .prj and .cpg when present),
a zipped Shapefile (.zip), GeoJSON (.geojson, .json) or newline-delimited GeoJSON (.ndjson, one
feature per line). Polygon and MultiPolygon features only.`;

const COMMON = `  -q, --quiet           no progress display (warnings about the data are still printed)
      --debug           print the stack trace with any error message
  -h, --help            this help`;

const EXIT = `Exit codes: 0 done; 1 bad input (the message names the file, the feature and what was expected
and found); 2 bad command line; 70 internal error (a bug in tuban: please report it).`;

const AREA = `Usage: tuban area <file> [--id FIELD] [--crs CRS] [--encoding ENC] [--planar] [--out FILE|-]

Area of every feature of a polygon layer. Writes CSV, one row per feature in input order:
  id,area_m2,area_mu        (unrounded; 1 亩 = 2000/3 m²)
The area is the ellipsoidal area on the CGCS2000 ellipsoid by the national rule
(国土调查办发〔2008〕32号, with the curved-edge correction; see the README), unless --planar.

Arguments:
  <file>                the layer (.shp, .zip, .geojson, .json, .ndjson)

Options:
      --id FIELD        attribute for the id column (BSM, JCBH …); default the GeoJSON id,
                        else the feature index. Ids used twice and features without one are
                        warned about.
      --crs CRS         the file's coordinate system, overriding its own: EPSG:4527, 4527,
                        urn:ogc:def:crs:EPSG::4527, a CRS name or WKT
      --encoding ENC    text encoding of the .dbf (gbk, utf-8 …), overriding its header and .cpg
      --planar          area in the plane of the file's coordinates (needs no CRS)
  -o, --out FILE        write the CSV to FILE (.csv; written under a temporary name and renamed
                        when complete); "-" or none: standard output
${COMMON}

Features the reader repaired (duplicate vertices, unclosed rings, empty geometry) and features
measured by the even-odd rule (self-intersections) are listed on stderr, one line each.

Examples:
  tuban area DLTB.shp --id BSM --out dltb-area.csv
  tuban area patches.geojson --id JCBH --crs EPSG:4527
  tuban area zoning-sketch.geojson --planar

${EXIT}`;

const OVERLAY = `Usage: tuban overlay <patches> --layer NAME=FILE[:CLASSFIELD] ... [--id FIELD] [--crs CRS]
                     [--layer-crs NAME=CRS ...] [--encoding ENC] [--planar] [--threads N] [--out FILE|-]

套合: for every patch and every layer, the area of the patch on each class of the layer,
area(patch ∩ union of the layer's features of that class), so overlapping features of one class
count once. Writes CSV
  patch_id,layer,class,area_m2,area_mu
with a row for every patch, layer and class with a non-zero overlap, patches in input order
(unrounded; class empty when the layer has no class field). Invalid geometry is read by the
even-odd rule and reported.

Arguments:
  <patches>             the patches (卫片图斑): .shp, .zip, .geojson, .json, .ndjson

Options:
      --layer NAME=FILE[:CLASSFIELD]
                        a layer to overlay, repeatable: NAME labels its rows, CLASSFIELD
                        (DLBM, GZQLXDM, XZQDM …) splits it into classes; FILE is any layer
                        file as above
      --id FIELD        patch attribute for the patch_id column (JCBH …); default the GeoJSON
                        id, else the feature index
      --crs CRS         the patches' coordinate system (overriding the file's own), and that of
                        any layer whose own cannot be determined (no .prj, no "crs" member,
                        eastings without a zone prefix): EPSG:4527, 4527, a CRS name or WKT
      --layer-crs NAME=CRS
                        the coordinate system of layer NAME, overriding its file's own; repeatable
      --encoding ENC    text encoding of every .dbf (gbk, utf-8 …)
      --planar          areas in the plane of the coordinates as they are (no CRS needed; layers in
                        different declared CRSs are refused)
      --threads N       tabulate on N worker threads (default 1); the output is identical
  -o, --out FILE        write the CSV to FILE (.csv; written under a temporary name and renamed
                        when complete); "-" or none: standard output
${COMMON}

Coordinate systems: every layer is brought to the patches' CRS. A layer in another CRS is
reprojected (said on stderr; a change of datum, e.g. Xian 1980 → CGCS2000, needs a towgs84 shift
and is refused). A layer whose CRS cannot be determined while the patches have one is an error
naming the file and suggesting --layer-crs NAME=CRS (or --crs).

Checks, printed on stderr after the output (they do not change the exit code):
  - patch ids used by more than one feature, with the feature indexes: each feature keeps its own
    rows, so the rows of a duplicated 监测编号 share an id — fix the ids; patches with no id value;
  - per layer, the patches that overlap no feature of it ("townships: 2 of 300 patches overlap
    no feature: …"). Normal for farmland or approvals; for townships or land use it means the
    patch lies outside the data.
Progress: after 2 s, a bar on a terminal, else a line every 5 s
("overlay: 1200/3200 patches, 37%, ETA 12 s").

Examples:
  tuban overlay patches.shp --id JCBH --layer 地类=DLTB.shp:DLBM \\
      --layer 基本农田=JBNTBHTB.shp --layer 管制区=JSYDGZQ.shp:GZQLXDM \\
      --layer 乡镇=XZQ.shp:XZQDM --out taohe.csv
  tuban overlay patches.geojson --id JCBH --crs EPSG:4548 --layer landuse=landuse.geojson:DLBM
  tuban overlay patches.shp --layer approvals=pd.geojson --layer-crs approvals=EPSG:4527

${EXIT}`;

const TAOHE = `Usage: tuban taohe --patches [NAME=]FILE ... --landuse FILE[:DLBM] --out DIR
                   [--farmland FILE] [--redline FILE] [--planning FILE[:GZQLXDM]] [--approvals FILE]
                   [--filings FILE] [--reclamation FILE] [--townships FILE] [--status FILE]
                   [--newer-landuse FILE] [--deadlines FILE] [--config FILE] [--as-of YYYY-MM-DD] [--county NAME]
                   [--id FIELD] [--crs CRS] [--encoding ENC] [--format xlsx,csv,json,html]

The monthly 卫片执法 job. Patch sets (annual 卫片, earlier campaigns' leftovers, 例行督察 …) are merged
into one task list: patches overlapping by at least thresholds.overlapShare of the smaller one are
one task (重合图斑). For each task: the 套合 table in 亩 (2 decimals, 面积平差 so the land parts add
up to 地块总面积 exactly, townships to the county), split by township or assigned by majority; the
judgement facts (合法候选 / 设施农用地 / 疑似违法, 占用永久基本农田, 不符合规划, 涉及生态红线, over the
criminal thresholds, the remediation required); and the township ledger (违法 count and area,
整改 status, 清零 progress, overdue tasks, 违法占用耕地 ÷ 新增建设用地占用耕地 against the 15 % line).

Writes into DIR (created if missing; all files in one atomic step):
  套合表.xlsx     sheets 套合表, 乡镇汇总, 整改台账, 逾期图斑, 重合图斑, 复垦核查, 参数
  *.csv           the same tables, UTF-8 with BOM (套合表.csv, 乡镇汇总.csv, …)
  套合表.json     everything for programs (--format json)
  报告.html       one self-contained file: map, tables, ratio, 清零 progress
  清零进度.csv    progress history: read back and extended by the next month's run in DIR

Options:
      --patches [NAME=]FILE  a patch set, repeatable, earliest first (default names 卫片图斑, 批次2 …)
      --landuse FILE[:FIELD] land-use survey layer (DLTB), class field default DLBM
      --farmland FILE        永久基本农田
      --redline FILE         生态保护红线
      --planning FILE[:FIELD] 建设用地管制区, zone field default GZQLXDM
      --approvals FILE       批地/供地 approvals
      --filings FILE         设施农用地 filings
      --reclamation FILE     复垦/土地整治 projects
      --townships FILE       乡镇 boundaries (XZQDM, XZQMC)
      --newer-landuse FILE   the newest land-use layer, for the 复垦到位 check of 拆除复耕 tasks
                             (default: --landuse)
      --status FILE          整改 status CSV: 图斑编号, 整改状态 [, 整改方式, 整改期限, 变化类型]
      --deadlines FILE       per-township deadlines CSV: 乡镇代码, 整改期限
      --config FILE          JSON configuration (land-class folding, thresholds, field names,
                             townshipAssignment split|majority); see schema/enforcement-config.schema.json
      --as-of YYYY-MM-DD     the ledger date (overdue tasks); default today
      --county NAME          county name for titles
      --id FIELD             patch id field (default JCBH, or fields.patchId in --config)
      --crs CRS              the first patch set's CRS, and that of any layer without one
      --encoding ENC         text encoding of every .dbf
      --format LIST          any of xlsx, csv, json, html (default xlsx,csv,html)
  -o, --out DIR              output folder
${COMMON}

Every layer is brought to the first patch set's CRS (reprojected when it has another; a change of
datum is refused). The paths written are printed on stdout, a summary and notes on stderr.

Examples:
  tuban taohe --patches 2024年度=wp2024.shp --patches 历年剩余=wp_old.shp --landuse DLTB.shp \\
      --farmland JBNT.shp --planning GZQ.shp --approvals PD.shp --townships XZQ.shp \\
      --status 整改.csv --deadlines 期限.csv --out 套合/2024-11
  tuban taohe --patches wp.geojson --landuse DLTB.zip --out out --format json

${EXIT}`;

const PROVINCE = `Usage: tuban province <folder|manifest.json> --out DIR [--parallel N] [--as-of YYYY-MM-DD]
                      [--config FILE] [--merge]

Runs "tuban taohe" for every county — each in its own process, N at a time (default: the number of
cores) — into DIR/<county>/, then writes one combined ledger: DIR/全省汇总.xlsx and .csv (a line per
county and 合计: tasks, 重合 removed, 违法 count and area, 违法占用耕地 and 基本农田, the 15 % ratio,
清零 progress, overdue) and DIR/运行报告.json (how each county's job ended, with its messages). A county
whose job fails is reported and does not stop the others; the exit code is then 1.

Counties: a folder with one sub-folder per county holding files with conventional names —
patches*.{shp,zip,geojson,json,ndjson} (several sets allowed; the name after "patches" names the set),
landuse.*, farmland.*, redline.*, planning.*, approvals.*, filings.*, reclamation.*, townships.*,
newer-landuse.*, status.csv, deadlines.csv, config.json — or a JSON manifest:
  {"counties": [{"name": "示例县", "patches": ["wp2024.shp", "wp_old.shp"], "landuse": "DLTB.shp",
                 "farmland": "JBNT.shp", "townships": "XZQ.shp", "status": "整改.csv"}]}
(paths relative to the manifest; keys as the taohe options).

Options:
      --parallel N      counties run at once (default: number of cores)
      --as-of DATE      the ledger date for every county (default today)
      --config FILE     a JSON configuration for every county without its own config.json
      --merge           do not run anything: combine the results already in <folder> (sub-folders
                        written by "tuban taohe … --format json" on other machines)
  -o, --out DIR         output folder
${COMMON}

Examples:
  tuban province 全省/ --out 汇总/2026-11 --as-of 2026-11-29 --parallel 4
  tuban province 全省.json --out 汇总/2026-11
  tuban province 汇总/2026-11 --merge --out 汇总/2026-11

${EXIT}`;

const BALANCE = `Usage: tuban balance --occupation FILE --landuse FILE[:DLBM] --yield-table FILE
                     [--supplement FILE] [--newest-landuse FILE] [--ledger FILE] [--config FILE]
                     [--crs CRS] [--encoding ENC] [--out DIR] [--format xlsx,json]

耕地占补平衡 on three indicators, each written off on its own: 耕地数量 (亩, also 公顷), 粮食产能 (公斤)
and 水田规模 (亩). Demand: the occupations overlaid with land use — 耕地 occupied by class (水田/水浇地/
旱地) and grade (GDDB), capacity = Σ 亩 × the standard yield of the grade from --yield-table (its name
is stated in the output); exempt types (config exemptTypes, default 设施农用地) need none. Supply:
supplement projects (XZGDMJ 新增耕地, XZSTMJ 新增水田, QHDB 项目后等别, YSRQ 验收日期) verified against
the newest land use (claimed vs verified; credited: verified by default), plus purchased rows from
--ledger. Supply is written off in order (验收日期, then 项目编号; 水田 only from 水田), partly if need be;
frozen indicators are never used.

Writes with --out DIR: 占补平衡.xlsx (sheets 指标库, 使用台账, 平衡表) and 占补平衡.json, whose summary keys
are demand, supply, remaining, balanced, deficits (each {area_mu, paddy_mu, capacity_kg}). Without
--out: --format json prints that JSON; otherwise a CSV of the three indicators. The verdict is on stderr.

Options:
      --occupation FILE      polygons that occupy land (projects, 补办 patches, 造林/种果 …)
      --landuse FILE[:FIELD] land use with GDDB (class field default DLBM)
      --yield-table FILE     CSV grade,kg_per_mu (fixtures/sample/yield-table.csv is an EXAMPLE only)
      --supplement FILE      supplement projects (复垦/开发/整理)
      --newest-landuse FILE  the newest land use, to verify the projects (default --landuse)
      --ledger FILE          purchased indicators (CSV; see the README)
      --config FILE          JSON: field names, exempt types, credit rule, order, frozen ids
      --crs CRS              the occupations' CRS, and that of any layer without one
      --encoding ENC         text encoding of every .dbf
  -o, --out DIR              output folder
      --format LIST          xlsx, json (with --out; default both), or json alone to stdout
${COMMON}

Examples:
  tuban balance --occupation 建设项目.shp --landuse DLTB2024.shp --supplement 补充耕地项目.shp \\
      --yield-table 产能表.csv --ledger 购买指标.csv --out 占补平衡
  tuban balance --occupation patches.geojson --landuse landuse.geojson --supplement reclamation.geojson \\
      --yield-table fixtures/sample/yield-table.csv --format json

${EXIT}`;

const GENERAL = `tuban — 图斑 areas and overlays for county land enforcement (卫片执法) and 耕地占补平衡

Usage: tuban <command> [arguments] [options]

Commands:
  area       area of every feature of a layer (ellipsoidal by the national rule, m² and 亩)
  overlay    套合: area of every patch on each class of each layer
  taohe      卫片执法 job: 套合表 with 平差, judgement, 重合图斑, township ledger, HTML report
  province   the taohe job for every county of a province, in parallel, and one combined ledger
  balance    耕地占补平衡: occupation against supplement on 耕地数量, 粮食产能 and 水田规模
  help       this help; "tuban help <command>" for one command

Options:
  -h, --help            help (after a command: that command's help, with examples)
  -V, --version         print the version
  -q, --quiet           no progress display
      --debug           print the stack trace with any error message

${INPUTS}
Results go to standard output or --out FILE; messages, warnings and progress go to stderr.

Examples:
  tuban area DLTB.shp --id BSM --out dltb-area.csv
  tuban overlay patches.shp --id JCBH --layer 地类=DLTB.shp:DLBM --layer 基本农田=JBNTBHTB.shp
  tuban taohe --patches 2024=wp2024.shp --patches 历年=wp_old.shp --landuse DLTB.shp --farmland JBNT.shp \\
      --townships XZQ.shp --out 套合
  tuban overlay --help

${EXIT}`;

const PAGES: Readonly<Record<string, string>> = {
  area: `${AREA}\n\n${INPUTS}`,
  overlay: `${OVERLAY}\n\n${INPUTS}`,
  taohe: `${TAOHE}\n\n${INPUTS}`,
  province: PROVINCE,
  balance: `${BALANCE}\n\n${INPUTS}`,
};

/** The commands there are, in the order the help lists them. */
export const COMMANDS = ['area', 'overlay', 'taohe', 'province', 'balance'] as const;

/**
 * The help page of a command, or the general help when `command` is undefined; null for an unknown command.
 *
 * @example
 * helpText('area')?.split('\n')[0]; // "Usage: tuban area <file> …"
 */
export function helpText(command?: string): string | null {
  if (command === undefined) return GENERAL;
  return Object.hasOwn(PAGES, command) ? PAGES[command] : null;
}
