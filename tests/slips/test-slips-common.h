/* test-slips-common.h — what the slips and report tests share: a real store
 * in a temporary directory, a clock set through $LAITING_NOW, and PDFs read
 * back with poppler's pdftotext and pdfinfo. */

#pragma once

#include <string.h>
#include <glib/gstdio.h>

#include "lt-store.h"
#include "lt-time.h"

typedef struct {
  char     *dir;
  LtConfig *config;
  LtStore  *store;
} Fixture;

static const char test_config[] =
  "[site]\n"
  "name=幸福街道便民服务站\n"
  "origin=12\n"
  "departments=城管科;市政所;街道办\n"
  "[sms]\n"
  "origin=35\n";

static inline void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("laiting-slips-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (f->dir, "laiting.conf", NULL);
  g_file_set_contents (conf, test_config, -1, &error);
  g_assert_no_error (error);
  f->config = lt_config_load (conf, &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "laiting.db", NULL);
  f->store = lt_store_open (db, f->config, &error);
  g_assert_no_error (error);
}

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  if (g_getenv ("LAITING_KEEP_TEST_FILES") == NULL)
    remove_tree (f->dir);
  else
    g_test_message ("files kept in %s", f->dir);
  g_free (f->dir);
  g_unsetenv ("LAITING_NOW");
}

/* Local time in Asia/Shanghai (the tests run with TZ set). */
static inline gint64
local_time (int year, int month, int day, int hour, int minute)
{
  return lt_time_day_start (year, month, day) + hour * 3600 + minute * 60;
}

static inline void
set_now (gint64 now)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("LAITING_NOW", text, TRUE);
}

static inline char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static inline char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

static inline int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  char *out = run_tool (argv);
  const char *line = strstr (out, "Pages:");
  int pages;

  g_assert_nonnull (line);
  pages = atoi (line + strlen ("Pages:"));
  g_free (out);
  return pages;
}

/* @text without any white space: pdftotext breaks wrapped lines. */
static inline char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
