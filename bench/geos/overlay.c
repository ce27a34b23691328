/*
 * GEOS leg of the overlay (套合) benchmark, issue 3: the same job as tuban's tabulate, done the way a GEOS
 * user would do it with the C API — an STRtree over the right layer, a prepared geometry per left feature,
 * GEOSPreparedIntersects_r to skip candidates whose boxes meet but whose shapes do not, GEOSIntersection_r
 * (OverlayNG, the default engine since GEOS 3.9) and GEOSArea_r on the rest, summed per left feature.
 *
 *   geos-overlay LEFT.wkb RIGHT.wkb AREAS.f64 [--contains-shortcut]
 *
 * --contains-shortcut: a candidate the left feature properly contains (GEOSPreparedContainsProperly_r, cheap on
 * a prepared polygon) adds its own area without an overlay — the usual trick of GEOS users, tried as a variant
 * so the comparison is not against a naive GEOS.
 *
 * Inputs are written by bench/geos/export.ts: the ASCII magic "TUBANWKB", uint32 version (1) and uint32
 * feature count, then per feature a uint32 byte length and that many bytes of ISO WKB (Polygon or
 * MultiPolygon); length 0 is an empty feature, which keeps its slot. All integers little-endian.
 *
 * Output: AREAS.f64 gets one little-endian float64 per left feature — the sum of planar intersection areas
 * over its candidates, NaN where an intersection failed — and stdout one JSON object with the phase times,
 * pair counts, repairs and exceptions. Phase times are separate so loading can be reported apart from the
 * overlay, as the issue quotes GEOS ("1.9 s overlay + 6.9 s loading WKB").
 *
 * Build: gcc -O2 -Wall -Wextra -o geos-overlay overlay.c -lgeos_c
 */
#define _POSIX_C_SOURCE 200809L
#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_KEPT_ERRORS 5

/* Validity of a feature, decided on first use (see ensure_valid). */
enum { UNCHECKED = 0, VALID, MADE_VALID, UNFIXABLE };

typedef struct {
    const char *path;
    uint32_t n;
    GEOSGeometry **geom; /* NULL for an empty or unreadable feature */
    unsigned char *state;
    uint32_t unreadable; /* WKB the reader rejected */
    uint32_t made_valid;
    uint32_t unfixable; /* invalid and MakeValid failed: used as read, like GEOS users who ignore it */
} Layer;

typedef struct {
    uint64_t errors;  /* GEOS exceptions reported through the error handler */
    uint64_t notices; /* GEOSisValid_r reports each invalid geometry's reason as a notice */
    char kept[MAX_KEPT_ERRORS][256];
    int n_kept;
} Messages;

typedef struct {
    uint32_t *items;
    size_t n, cap;
} Hits;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("geos-overlay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) die("out of memory (%zu bytes)", n);
    return p;
}

static void on_error(const char *message, void *userdata) {
    Messages *m = userdata;
    if (m->n_kept < MAX_KEPT_ERRORS) snprintf(m->kept[m->n_kept++], sizeof m->kept[0], "%s", message);
    m->errors++;
}

static void on_notice(const char *message, void *userdata) {
    (void)message;
    ((Messages *)userdata)->notices++;
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads the whole file first: loading is timed as a GEOS user's load (disk + WKB parse), and one read
 * keeps the disk part from dominating. */
static void load_layer(GEOSContextHandle_t ctx, const char *path, Layer *layer) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) die("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0) die("cannot seek %s", path);
    long size = ftell(f);
    if (size < 16) die("%s: expected at least a 16-byte header, found %ld bytes", path, size);
    rewind(f);
    unsigned char *buf = xmalloc((size_t)size);
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) die("cannot read %s", path);
    fclose(f);
    if (memcmp(buf, "TUBANWKB", 8) != 0 || get_u32(buf + 8) != 1) {
        die("%s: expected the TUBANWKB version 1 header written by bench/geos/export.ts", path);
    }
    layer->path = path;
    layer->n = get_u32(buf + 12);
    layer->geom = xmalloc(layer->n * sizeof *layer->geom);
    layer->state = calloc(layer->n == 0 ? 1 : layer->n, 1);
    if (layer->state == NULL) die("out of memory");
    layer->unreadable = layer->made_valid = layer->unfixable = 0;

    GEOSWKBReader *reader = GEOSWKBReader_create_r(ctx);
    size_t at = 16;
    for (uint32_t i = 0; i < layer->n; i++) {
        if (at + 4 > (size_t)size) die("%s: truncated at feature %u of %u", path, i, layer->n);
        uint32_t len = get_u32(buf + at);
        at += 4;
        if (at + len > (size_t)size) die("%s: feature %u claims %u bytes past the end", path, i, len);
        layer->geom[i] = NULL;
        if (len > 0) {
            layer->geom[i] = GEOSWKBReader_read_r(ctx, reader, buf + at, len);
            if (layer->geom[i] == NULL) layer->unreadable++;
        }
        at += len;
    }
    GEOSWKBReader_destroy_r(ctx, reader);
    free(buf);
}

/* MakeValid (linework method) can return a GeometryCollection with the lines and points a repair collapsed
 * to; overlay and area only want the polygonal part, and OverlayNG in 3.11 rejects mixed collections. */
static GEOSGeometry *polygonal_part(GEOSContextHandle_t ctx, GEOSGeometry *g) {
    int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
    int n = GEOSGetNumGeometries_r(ctx, g);
    GEOSGeometry **parts = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *parts);
    unsigned kept = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *c = GEOSGetGeometryN_r(ctx, g, i);
        int t = GEOSGeomTypeId_r(ctx, c);
        if (t == GEOS_POLYGON) {
            parts[kept++] = GEOSGeom_clone_r(ctx, c);
        } else if (t == GEOS_MULTIPOLYGON) {
            /* A nested multipolygon is flattened: a MultiPolygon's members must be Polygons. */
            int m = GEOSGetNumGeometries_r(ctx, c);
            parts = realloc(parts, (size_t)(kept + (unsigned)m + (unsigned)n) * sizeof *parts);
            if (parts == NULL) die("out of memory");
            for (int k = 0; k < m; k++) parts[kept++] = GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, c, k));
        }
    }
    GEOSGeometry *out = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts, kept);
    free(parts);
    GEOSGeom_destroy_r(ctx, g);
    return out;
}

/* Checked on first use, like tuban's lazy per-feature check, so features no job touches cost nothing;
 * an invalid feature is repaired once and the repair reused for every pair it is in. */
static void ensure_valid(GEOSContextHandle_t ctx, Layer *layer, uint32_t i) {
    if (layer->state[i] != UNCHECKED || layer->geom[i] == NULL) return;
    char v = GEOSisValid_r(ctx, layer->geom[i]);
    if (v == 1) {
        layer->state[i] = VALID;
        return;
    }
    GEOSGeometry *fixed = GEOSMakeValid_r(ctx, layer->geom[i]);
    if (fixed != NULL) fixed = polygonal_part(ctx, fixed);
    if (fixed == NULL) {
        layer->state[i] = UNFIXABLE;
        layer->unfixable++;
        return;
    }
    GEOSGeom_destroy_r(ctx, layer->geom[i]);
    layer->geom[i] = fixed;
    layer->state[i] = MADE_VALID;
    layer->made_valid++;
}

static void collect(void *item, void *userdata) {
    Hits *h = userdata;
    if (h->n == h->cap) {
        h->cap = h->cap == 0 ? 64 : 2 * h->cap;
        h->items = realloc(h->items, h->cap * sizeof *h->items);
        if (h->items == NULL) die("out of memory");
    }
    h->items[h->n++] = (uint32_t)(uintptr_t)item;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

int main(int argc, char **argv) {
    int shortcut = argc == 5 && strcmp(argv[4], "--contains-shortcut") == 0;
    if (argc != 4 && !shortcut) {
        fprintf(stderr, "usage: geos-overlay LEFT.wkb RIGHT.wkb AREAS.f64 [--contains-shortcut]\n");
        return 2;
    }
    double t_start = now_s();
    Messages msg = {0};
    GEOSContextHandle_t ctx = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(ctx, on_error, &msg);
    GEOSContext_setNoticeMessageHandler_r(ctx, on_notice, &msg);

    Layer left, right;
    double t0 = now_s();
    load_layer(ctx, argv[1], &left);
    load_layer(ctx, argv[2], &right);
    double t_load = now_s() - t0;

    /* The tree is packed lazily on the first query; one query here keeps that cost in the index phase. */
    t0 = now_s();
    GEOSSTRtree *tree = GEOSSTRtree_create_r(ctx, 10);
    for (uint32_t j = 0; j < right.n; j++) {
        if (right.geom[j] != NULL && !GEOSisEmpty_r(ctx, right.geom[j])) {
            GEOSSTRtree_insert_r(ctx, tree, right.geom[j], (void *)(uintptr_t)j);
        }
    }
    Hits hits = {0};
    GEOSGeometry *probe = GEOSGeom_createPointFromXY_r(ctx, 0, 0);
    GEOSSTRtree_query_r(ctx, tree, probe, collect, &hits);
    GEOSGeom_destroy_r(ctx, probe);
    double t_index = now_s() - t0;

    double *areas = xmalloc((left.n == 0 ? 1 : left.n) * sizeof *areas);
    uint64_t pairs = 0, intersecting = 0, nonempty = 0, contained = 0, failed_pairs = 0;
    uint32_t failed_left = 0;
    double t_validate = 0, t_prepare = 0;
    t0 = now_s();
    for (uint32_t i = 0; i < left.n; i++) {
        areas[i] = 0;
        if (left.geom[i] == NULL || GEOSisEmpty_r(ctx, left.geom[i])) continue;
        /* Query with the feature as read, before any repair, so the candidates are those of tuban's
         * flatbush query on the same boxes. */
        hits.n = 0;
        GEOSSTRtree_query_r(ctx, tree, left.geom[i], collect, &hits);
        if (hits.n == 0) continue;
        /* Tree order is an artefact of packing; ascending ids make the per-feature sum reproducible. */
        qsort(hits.items, hits.n, sizeof *hits.items, cmp_u32);
        double tv = now_s();
        ensure_valid(ctx, &left, i);
        for (size_t k = 0; k < hits.n; k++) ensure_valid(ctx, &right, hits.items[k]);
        double tp = now_s();
        t_validate += tp - tv;
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(ctx, left.geom[i]);
        t_prepare += now_s() - tp;
        double sum = 0;
        /* A failed pair makes the feature's sum unknown (NaN), but the other pairs still run, so the counts
         * stay those of the whole candidate set. */
        int failed = prep == NULL;
        for (size_t k = 0; k < hits.n; k++) {
            const GEOSGeometry *g = right.geom[hits.items[k]];
            pairs++;
            if (prep == NULL) continue;
            char hit = GEOSPreparedIntersects_r(ctx, prep, g);
            if (hit == 2) {
                failed_pairs++;
                failed = 1;
                continue;
            }
            if (hit == 0) continue;
            intersecting++;
            if (shortcut) {
                char inside = GEOSPreparedContainsProperly_r(ctx, prep, g);
                double a = 0;
                if (inside == 1 && GEOSArea_r(ctx, g, &a) == 1) {
                    contained++;
                    nonempty++;
                    sum += a;
                    continue;
                }
            }
            GEOSGeometry *x = GEOSIntersection_r(ctx, left.geom[i], g);
            double a = 0;
            if (x == NULL || GEOSArea_r(ctx, x, &a) == 0) {
                failed_pairs++;
                failed = 1;
            } else {
                if (a > 0) nonempty++;
                sum += a;
            }
            if (x != NULL) GEOSGeom_destroy_r(ctx, x);
        }
        if (prep != NULL) GEOSPreparedGeom_destroy_r(ctx, prep);
        if (failed) failed_left++;
        areas[i] = failed ? (double)NAN : sum;
    }
    double t_overlay = now_s() - t0;

    t0 = now_s();
    FILE *out = fopen(argv[3], "wb");
    if (out == NULL || fwrite(areas, sizeof *areas, left.n, out) != left.n || fclose(out) != 0) {
        die("cannot write %s", argv[3]);
    }
    double t_write = now_s() - t0;

    /* Freeing everything is part of a well-behaved process's run, so it is timed, not skipped. */
    t0 = now_s();
    GEOSSTRtree_destroy_r(ctx, tree);
    Layer *layers[2] = {&left, &right};
    for (int l = 0; l < 2; l++) {
        for (uint32_t i = 0; i < layers[l]->n; i++) {
            if (layers[l]->geom[i] != NULL) GEOSGeom_destroy_r(ctx, layers[l]->geom[i]);
        }
        free(layers[l]->geom);
        free(layers[l]->state);
    }
    free(hits.items);
    free(areas);
    GEOS_finish_r(ctx);
    double t_teardown = now_s() - t0;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"geos\":\"%s\",\"left\":{\"features\":%u,\"unreadable\":%u,\"madeValid\":%u,\"unfixable\":%u},",
           GEOSversion(), left.n, left.unreadable, left.made_valid, left.unfixable);
    printf("\"right\":{\"features\":%u,\"unreadable\":%u,\"madeValid\":%u,\"unfixable\":%u},", right.n,
           right.unreadable, right.made_valid, right.unfixable);
    printf("\"loadS\":%.6f,\"indexS\":%.6f,\"overlayS\":%.6f,\"validateS\":%.6f,\"prepareS\":%.6f,", t_load, t_index,
           t_overlay, t_validate, t_prepare);
    printf("\"writeS\":%.6f,\"teardownS\":%.6f,\"totalS\":%.6f,", t_write, t_teardown, now_s() - t_start);
    printf("\"pairs\":%llu,\"intersecting\":%llu,\"nonempty\":%llu,\"contained\":%llu,", (unsigned long long)pairs,
           (unsigned long long)intersecting, (unsigned long long)nonempty, (unsigned long long)contained);
    printf("\"failedPairs\":%llu,\"failedLeft\":%u,\"geosErrors\":%llu,\"geosNotices\":%llu,\"firstErrors\":[",
           (unsigned long long)failed_pairs, failed_left, (unsigned long long)msg.errors,
           (unsigned long long)msg.notices);
    for (int k = 0; k < msg.n_kept; k++) {
        if (k > 0) putchar(',');
        json_string(msg.kept[k]);
    }
    printf("],\"maxRssKb\":%ld}\n", ru.ru_maxrss);
    return 0;
}
