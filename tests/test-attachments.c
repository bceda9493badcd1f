/* test-attachments.c — voice notes filed with a ticket, on a real store. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "lt-json.h"
#include "lt-store.h"

typedef struct {
  char     *dir;
  char     *path;
  char     *note;     /* a recording waiting to be filed */
  LtConfig *config;
  LtStore  *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("laiting-attach-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "laiting.db", NULL);
  f->config = lt_config_new_default ();
  f->store = lt_store_open (f->path, f->config, &error);
  g_assert_no_error (error);
  f->note = g_build_filename (f->dir, ".unfiled-test.ogg", NULL);
  g_assert_true (g_file_set_contents (f->note, "OggS not really", -1, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->note);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_format (void)
{
  const struct { guint seconds; const char *text; } cases[] = {
    { 0, "0秒" }, { 45, "45秒" }, { 60, "1分钟" }, { 80, "1分20秒" }, { 120, "2分钟" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = lt_attachment_format_seconds (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_filed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LtSubmission sub = { .channel = LT_CHANNEL_KIOSK, .category = "roads", .text = "（语音留言 1分20秒）",
                       .location = NULL, .phone = NULL,
                       .voice_path = f->note, .voice_seconds = 80 };
  g_autoptr(LtTicket) t = lt_store_submit (f->store, &sub, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dir = lt_store_attachment_dir (f->store);
  const LtAttachment *a;

  g_assert_no_error (error);
  list = lt_store_list_attachments (f->store, t->receipt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  a = g_ptr_array_index (list, 0);
  g_assert_cmpstr (a->kind, ==, "voice");
  g_assert_cmpuint (a->seconds, ==, 80);
  expected = g_strdup_printf ("%s/attachments/%s-voice.ogg", f->dir, t->receipt);
  g_assert_cmpstr (a->path, ==, expected);
  g_assert_true (g_str_has_prefix (a->path, dir));
  /* Moved, not copied: nothing unfiled is left behind. */
  g_assert_true (g_file_test (a->path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (f->note, G_FILE_TEST_EXISTS));

  /* As `laiting show --json` gives it. */
  {
    g_autoptr(JsonNode) node = lt_json_from_ticket (t);
    JsonArray *array;
    JsonObject *o;

    lt_json_add_attachments (node, list);
    array = json_object_get_array_member (json_node_get_object (node), "attachments");
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    o = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "voice");
    g_assert_cmpint (json_object_get_int_member (o, "seconds"), ==, 80);
    g_assert_cmpstr (json_object_get_string_member (o, "path"), ==, expected);
  }

  /* A ticket without one lists none. */
  {
    LtSubmission plain = { LT_CHANNEL_KIOSK, "roads", "路灯不亮", NULL, NULL, NULL };
    g_autoptr(LtTicket) t2 = lt_store_submit (f->store, &plain, &error);
    g_autoptr(GPtrArray) none = NULL;

    g_assert_no_error (error);
    none = lt_store_list_attachments (f->store, t2->receipt, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* When the note cannot be filed, neither is the ticket, and the recording
 * stays where the kiosk can file it on 再试一次. */
static void
test_not_filed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lt_store_attachment_dir (f->store);
  LtSubmission sub = { .channel = LT_CHANNEL_KIOSK, .category = "roads", .text = "（语音留言 5秒）",
                       .location = NULL, .phone = NULL,
                       .voice_path = f->note, .voice_seconds = 5 };
  LtListQuery q = { .filter = LT_LIST_ALL };
  g_autoptr(GPtrArray) tickets = NULL;
  LtTicket *t;

  /* A file where the folder should be: it cannot be made. */
  g_assert_true (g_file_set_contents (dir, "in the way", -1, NULL));
  t = lt_store_submit (f->store, &sub, &error);
  g_assert_null (t);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO);
  g_assert_true (g_file_test (f->note, G_FILE_TEST_IS_REGULAR));
  tickets = lt_store_list (f->store, &q, NULL);
  g_assert_cmpuint (tickets->len, ==, 0);

  /* Room again: the same recording is filed, with the first number. */
  g_clear_error (&error);
  g_remove (dir);
  t = lt_store_submit (f->store, &sub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->receipt, ==, "100000011");
  g_assert_false (g_file_test (f->note, G_FILE_TEST_EXISTS));
  lt_ticket_free (t);

  /* A recording that is gone is refused with a sentence, not filed empty. */
  g_clear_error (&error);
  t = lt_store_submit (f->store, &sub, &error);
  g_assert_null (t);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "语音留言"));
}

/* A note that arrives as bytes after its ticket, as at the hub: filed
 * once, the same again changes nothing, another one is a conflict, and a
 * ticket not yet in the store is "not found" (the edge tries again). */
static void
test_put (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) note = g_bytes_new_static ("OggS a note", 11);
  g_autoptr(GBytes) other = g_bytes_new_static ("OggS another note", 17);
  LtSubmission plain = { LT_CHANNEL_KIOSK, "roads", "路灯不亮（语音留言 9秒）", NULL, NULL, NULL,
                         .receipt = "120000015" };
  g_autoptr(LtTicket) t = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *contents = NULL;
  gboolean existed = TRUE;

  g_assert_false (lt_store_put_voice (f->store, "120000015", note, 9, &existed, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  t = lt_store_submit (f->store, &plain, &error);
  g_assert_no_error (error);

  g_assert_true (lt_store_put_voice (f->store, t->receipt, note, 9, &existed, &error));
  g_assert_no_error (error);
  g_assert_false (existed);
  g_assert_true (lt_store_put_voice (f->store, t->receipt, note, 9, &existed, &error));
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_false (lt_store_put_voice (f->store, t->receipt, other, 9, &existed, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "120 000 015"));

  list = lt_store_list_attachments (f->store, t->receipt, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (((LtAttachment *) list->pdata[0])->seconds, ==, 9);
  g_assert_true (g_file_get_contents (((LtAttachment *) list->pdata[0])->path, &contents, NULL,
                                      NULL));
  g_assert_cmpstr (contents, ==, "OggS a note");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/attachments/format", test_format);
  g_test_add ("/attachments/filed", Fixture, NULL, fixture_set_up, test_filed, fixture_tear_down);
  g_test_add ("/attachments/not-filed", Fixture, NULL, fixture_set_up, test_not_filed,
              fixture_tear_down);
  g_test_add ("/attachments/put", Fixture, NULL, fixture_set_up, test_put, fixture_tear_down);
  return g_test_run ();
}
