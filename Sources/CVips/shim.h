#ifndef SLUICE_CVIPS_SHIM_H
#define SLUICE_CVIPS_SHIM_H

#include <vips/vips.h>

/// libvips' operations take their optional arguments as NULL-terminated variadic lists, which Swift cannot call;
/// these wrap the calls Sluice makes, one optional argument set each.

static inline void sluice_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {}

/// Starts libvips; its warnings (a damaged tile, a bad checksum) become errors Sluice reports, not lines on stderr.
static inline int sluice_vips_init(const char *name) {
    if (vips_init(name)) return -1;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, sluice_vips_quiet, NULL);
    g_log_set_handler("GLib-GObject", G_LOG_LEVEL_WARNING, sluice_vips_quiet, NULL);
    return 0;
}

static inline void sluice_vips_unref(VipsImage *image) {
    if (image) g_object_unref(image);
}

/// Opens a file reading only its header; pixels are decoded later, once, top to bottom. `fail` turns a warning (a
/// truncated file) into an error.
static inline VipsImage *sluice_vips_open(const char *path, int sequential, int fail) {
    return vips_image_new_from_file(path, "access", sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM, "fail_on",
        fail ? VIPS_FAIL_ON_TRUNCATED : VIPS_FAIL_ON_NONE, NULL);
}

/// Opens an encoded image held in memory (which must outlive the image).
static inline VipsImage *sluice_vips_open_buffer(const void *buffer, size_t length) {
    return vips_image_new_from_buffer(buffer, length, "", "access", VIPS_ACCESS_RANDOM, NULL);
}

/// Opens one page (frame) of a multi-page file, or all of them with n = -1.
static inline VipsImage *sluice_vips_open_pages(const char *path, int n) {
    return vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, "n", n, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// Shrinks a file on load (JPEG and WebP decode at a smaller scale) to fit width x height, upright by EXIF orientation.
/// Fails on data cut short; with `strict`, on any decoder warning too (a JPEG whose data ends before its header's size).
static inline int sluice_vips_thumbnail_file(
    const char *path, VipsImage **out, int width, int height, VipsInteresting crop, VipsSize size, int strict) {
    return vips_thumbnail(path, out, width, "height", height, "crop", crop, "size", size, "fail_on",
        strict ? VIPS_FAIL_ON_WARNING : VIPS_FAIL_ON_TRUNCATED, NULL);
}

static inline int sluice_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height, VipsInteresting crop, VipsSize size) {
    return vips_thumbnail_image(in, out, width, "height", height, "crop", crop, "size", size, NULL);
}

static inline int sluice_vips_resize(VipsImage *in, VipsImage **out, double hscale, double vscale) {
    return vips_resize(in, out, hscale, "vscale", vscale, NULL);
}

static inline int sluice_vips_crop(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_crop(in, out, left, top, width, height, NULL);
}

static inline int sluice_vips_smartcrop(VipsImage *in, VipsImage **out, int width, int height, VipsInteresting interesting) {
    return vips_smartcrop(in, out, width, height, "interesting", interesting, NULL);
}

/// Places the image at (x, y) on a width x height canvas filled with `background` (one value per band).
static inline int sluice_vips_embed(
    VipsImage *in, VipsImage **out, int x, int y, int width, int height, const double *background, int n) {
    VipsArrayDouble *array = vips_array_double_new(background, n);
    int result = vips_embed(in, out, x, y, width, height, "extend", VIPS_EXTEND_BACKGROUND, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

static inline int sluice_vips_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

static inline int sluice_vips_rot(VipsImage *in, VipsImage **out, VipsAngle angle) { return vips_rot(in, out, angle, NULL); }

/// Rotates by any angle, filling the corners with `background`.
static inline int sluice_vips_rotate(VipsImage *in, VipsImage **out, double angle, const double *background, int n) {
    VipsArrayDouble *array = vips_array_double_new(background, n);
    int result = vips_rotate(in, out, angle, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

static inline int sluice_vips_flip(VipsImage *in, VipsImage **out, VipsDirection direction) { return vips_flip(in, out, direction, NULL); }

static inline int sluice_vips_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space) {
    return vips_colourspace(in, out, space, NULL);
}

static inline int sluice_vips_gaussblur(VipsImage *in, VipsImage **out, double sigma) { return vips_gaussblur(in, out, sigma, NULL); }

static inline int sluice_vips_sharpen(VipsImage *in, VipsImage **out, double sigma) { return vips_sharpen(in, out, "sigma", sigma, NULL); }

/// Removes alpha by blending onto `background`.
static inline int sluice_vips_flatten(VipsImage *in, VipsImage **out, const double *background, int n) {
    VipsArrayDouble *array = vips_array_double_new(background, n);
    int result = vips_flatten(in, out, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

static inline int sluice_vips_extract_band(VipsImage *in, VipsImage **out, int band, int n) {
    return vips_extract_band(in, out, band, "n", n, NULL);
}

static inline int sluice_vips_bandjoin_const1(VipsImage *in, VipsImage **out, double value) { return vips_bandjoin_const1(in, out, value, NULL); }

static inline int sluice_vips_cast_uchar(VipsImage *in, VipsImage **out) { return vips_cast(in, out, VIPS_FORMAT_UCHAR, NULL); }

/// Encodes into memory; `suffix` names the format and its options, like `.jpg[Q=80,strip]`.
static inline int sluice_vips_save_buffer(VipsImage *in, const char *suffix, void **buffer, size_t *length) {
    return vips_image_write_to_buffer(in, suffix, buffer, length, NULL);
}

static inline int sluice_vips_getpoint(VipsImage *in, double **vector, int *n, int x, int y) { return vips_getpoint(in, vector, n, x, y, NULL); }

/// Reads every pixel once (an average): a file whose data ends before its header says fails here.
static inline int sluice_vips_avg(VipsImage *in, double *out) { return vips_avg(in, out, NULL); }

/// A width x height test picture: the top half `top`, the bottom half `bottom` (RGB values 0-255).
static inline int sluice_vips_two_halves(VipsImage **out, int width, int height, const double *top, const double *bottom) {
    VipsImage *black = NULL;
    if (vips_black(&black, width, height, "bands", 3, NULL)) return -1;
    VipsImage *cast = NULL;
    int failed = vips_cast(black, &cast, VIPS_FORMAT_UCHAR, NULL);
    g_object_unref(black);
    if (failed) return -1;
    VipsImage *copy = NULL;
    failed = vips_copy(cast, &copy, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(cast);
    if (failed) return -1;
    if (vips_image_wio_input(copy) ||
        vips_draw_rect(copy, (double *)top, 3, 0, 0, width, height / 2, "fill", TRUE, NULL) ||
        vips_draw_rect(copy, (double *)bottom, 3, 0, height / 2, width, height - height / 2, "fill", TRUE, NULL)) {
        g_object_unref(copy);
        return -1;
    }
    *out = copy;
    return 0;
}

/// A width x height picture with the texture of a photograph (soft shapes and fine grain, so it compresses like
/// one), different for each `seed`. Unreferences its intermediates whatever happens.
static inline int sluice_vips_sample_photo(VipsImage **out, int width, int height, int seed) {
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 10);
    int failed =
        vips_gaussnoise(&t[0], width / 64 + 2, height / 64 + 2, "mean", 128.0, "sigma", 60.0, "seed", seed, NULL) ||
        vips_resize(t[0], &t[1], 64.0, NULL) ||
        vips_crop(t[1], &t[2], 0, 0, width, height, NULL) ||
        vips_gaussnoise(&t[3], width, height, "mean", 0.0, "sigma", 4.0, "seed", seed + 1, NULL) ||
        vips_add(t[2], t[3], &t[4], NULL) ||
        vips_linear1(t[4], &t[5], 0.8, 20.0, NULL) ||
        vips_linear1(t[4], &t[6], 0.5, 60.0, NULL);
    if (!failed) {
        VipsImage *bands[3] = {t[4], t[5], t[6]};
        failed = vips_bandjoin(bands, &t[7], 3, NULL) || vips_cast(t[7], &t[8], VIPS_FORMAT_UCHAR, NULL) ||
            vips_copy(t[8], out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    }
    g_object_unref(scope);
    return failed ? -1 : 0;
}

/// A copy whose metadata says it is shown rotated (EXIF orientation 1-8).
static inline int sluice_vips_with_orientation(VipsImage *in, VipsImage **out, int orientation) {
    if (vips_copy(in, out, NULL)) return -1;
    vips_image_set_int(*out, VIPS_META_ORIENTATION, orientation);
    return 0;
}

/// Sets a metadata string (an `exif-ifd0-Make` field is written into the EXIF on save).
static inline void sluice_vips_set_string(VipsImage *image, const char *name, const char *value) { vips_image_set_string(image, name, value); }

static inline const char *sluice_vips_loader(const char *path) { return vips_foreign_find_load(path); }

static inline int sluice_vips_can_save(const char *suffix) {
    const char *saver = vips_foreign_find_save_buffer(suffix);
    vips_error_clear();
    return saver != NULL;
}

#endif
