/* fuzz-open311.c — lt_open311_handle, the whole of it, on a throw-away store.
 *
 * The input is split into method, path, query and body as the hub would
 * hand them over: the first byte picks the method, then lines give the
 * path and the raw query (names and values as sent, undecoded bytes and
 * all), and the rest is the body. Whatever comes in, the answer must be one
 * of the specification's statuses, in valid UTF-8, parseable JSON when it
 * says JSON — and never show the resident's phone stored with a ticket
 * (unless the input itself carried it, to be quoted in an error). */

#define _GNU_SOURCE  /* memmem */

#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "lt-open311.h"

#define PHONE "13987654321"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static LtOpen311 *open311;
static char *store_dir;

static void
remove_store (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", store_dir);

  g_clear_object (&open311);
  if (system (cmd) != 0)
    g_warning ("could not remove %s", store_dir);
}

static gboolean
check_key (const char *key, gpointer data)
{
  return g_strcmp0 (key, "K") == 0;
}

/* One store for the whole run, in memory-backed storage when there is
 * some: every POST is a durable commit. */
static void
set_up (void)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *templ = g_build_filename (base, "laiting-fuzz-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(LtConfig) config = lt_config_new_default ();
  g_autoptr(LtStore) store = NULL;
  g_autoptr(LtTicket) t = NULL;
  LtSubmission sub = { LT_CHANNEL_SMS, "roads", "我的电话 " PHONE, "3号楼", PHONE, NULL };

  store_dir = g_mkdtemp (g_steal_pointer (&templ));
  g_assert_nonnull (store_dir);
  atexit (remove_store);
  path = g_build_filename (store_dir, "fuzz.db", NULL);
  store = lt_store_open (path, config, NULL);
  g_assert_nonnull (store);
  t = lt_store_submit (store, &sub, NULL);
  g_assert_nonnull (t);
  g_assert_true (lt_store_close (store, t->receipt, "已回电 " PHONE, NULL, NULL));
  open311 = lt_open311_new (store, NULL);
}

static GHashTable *
raw_query (const char *line)
{
  GHashTable *q = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (line, "&", 80);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (eq)
        *eq = '\0';
      g_hash_table_replace (q, g_strdup (pairs[i]), g_strdup (eq ? eq + 1 : ""));
    }
  return q;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static const char *methods[] = { "GET", "POST", "PUT", "HEAD" };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LtOpen311Response) r = NULL;
  const char *method, *answer;
  gsize len;

  if (open311 == NULL)
    set_up ();
  if (size < 1)
    return 0;
  method = methods[data[0] % G_N_ELEMENTS (methods)];
  text = g_strndup ((const char *) data + 1, size - 1);
  lines = g_strsplit (text, "\n", 3);
  if (lines[0] == NULL || lines[1] == NULL)
    return 0;
  query = raw_query (lines[1]);
  if (lines[2] != NULL)
    body = g_bytes_new (lines[2], strlen (lines[2]));
  r = lt_open311_handle (open311, method, lines[0], query,
                         data[0] & 0x80 ? "text/plain" : NULL, body, check_key, NULL);

  g_assert_nonnull (r);
  g_assert_true (r->status == 200 || r->status == 400 || r->status == 403 || r->status == 404);
  answer = g_bytes_get_data (r->body, &len);
  g_assert_true (g_utf8_validate_len (answer, len, NULL));
  /* An error may quote what was sent; only the stored phone must not show. */
  if (memmem (data, size, PHONE, strlen (PHONE)) == NULL)
    g_assert_null (memmem (answer, len, PHONE, strlen (PHONE)));
  if (g_str_has_prefix (r->content_type, "application/json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, answer, len, NULL));
    }
  else
    g_assert_true (g_str_has_prefix (answer, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"));
  return 0;
}
