/* test-devices.c — hub devices and their tokens against a real SQLite file. */

#include "config.h"

#include <string.h>

#include "lt-store-private.h"

typedef struct {
  char     *dir;
  LtConfig *config;
  LtStore  *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("laiting-devices-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "laiting.db", NULL);
  f->config = lt_config_new_default ();
  f->store = lt_store_open (path, f->config, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static char *
add (Fixture *f, const char *name, LtRole role, guint origin, const char *department)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtDevice) d = NULL;
  char *token = NULL;

  d = lt_store_device_add (f->store, name, role, origin, department, &token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, name);
  g_assert_cmpint (d->role, ==, role);
  g_assert_cmpuint (d->origin, ==, origin);
  g_assert_cmpstr (d->department, ==, department);
  g_assert_false (d->revoked);
  g_assert_cmpint (d->last_seen_at, ==, 0);
  return token;
}

static char *
query_text (LtStore *store, const char *sql)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = lt_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return text;
}

static void
test_roles (void)
{
  const char *names[] = { "kiosk", "gateway", "staff", "office", "open311" };
  LtRole role;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (lt_role_from_string (names[i], &role));
      g_assert_cmpint (role, ==, i);
      g_assert_cmpstr (lt_role_to_string (role), ==, names[i]);
    }
  g_assert_false (lt_role_from_string ("admin", &role));
  g_assert_false (lt_role_from_string (NULL, &role));
}

static void
test_token_shape (Fixture *f, gconstpointer data)
{
  g_autofree char *a = add (f, "大厅甲", LT_ROLE_KIOSK, 21, NULL);
  g_autofree char *b = add (f, "staff-1", LT_ROLE_STAFF, 0, NULL);
  g_autofree char *stored = query_text (f->store, "SELECT group_concat (token_hash) FROM devices");
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, a, -1);

  /* "lt_" + 43 base64url characters = 256 bits, URL-safe as printed. */
  g_assert_cmpuint (strlen (a), ==, 46);
  g_assert_true (g_str_has_prefix (a, "lt_"));
  for (const char *p = a + 3; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (a, !=, b);
  /* Only the SHA-256 is stored, never the token. */
  g_assert_null (strstr (stored, a));
  g_assert_null (strstr (stored, a + 3));
  g_assert_nonnull (strstr (stored, hash));
}

static void
test_authenticate (Fixture *f, gconstpointer data)
{
  g_autofree char *token = add (f, "gw-east", LT_ROLE_GATEWAY, 31, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LtDevice) d = NULL, again = NULL, later = NULL;
  g_autofree char *forged = g_strdup (token);

  d = lt_store_device_authenticate (f->store, token, "192.0.2.7", 1000000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->name, ==, "gw-east");
  g_assert_cmpint (d->role, ==, LT_ROLE_GATEWAY);
  g_assert_cmpuint (d->origin, ==, 31);
  g_assert_cmpint (d->last_seen_at, ==, 1000000);
  g_assert_cmpstr (d->last_seen_from, ==, "192.0.2.7");

  /* Within a minute nothing is written: the stored time stays. */
  again = lt_store_device_authenticate (f->store, token, "192.0.2.8", 1000059, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->last_seen_at, ==, 1000000);
  g_assert_cmpstr (again->last_seen_from, ==, "192.0.2.7");
  later = lt_store_device_authenticate (f->store, token, "192.0.2.8", 1000060, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->last_seen_at, ==, 1000060);
  {
    g_autoptr(GPtrArray) list = lt_store_device_list (f->store, &error);
    LtDevice *listed = g_ptr_array_index (list, 0);

    g_assert_cmpint (listed->last_seen_at, ==, 1000060);
    g_assert_cmpstr (listed->last_seen_from, ==, "192.0.2.8");
  }

  /* One character off, empty, NULL, junk: all unauthorized, none leaks the token. */
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { forged, "", NULL, "lt_'; DROP TABLE devices;--" };
      g_autoptr(LtDevice) none = lt_store_device_authenticate (f->store, bad[i], NULL, 1000100, &error);

      g_assert_null (none);
      g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_UNAUTHORIZED);
      g_assert_null (strstr (error->message, token + 3));
      g_assert_null (strstr (error->message, forged + 3));
      g_clear_error (&error);
    }
}

static void
test_revoke (Fixture *f, gconstpointer data)
{
  g_autofree char *token = add (f, "hall-b", LT_ROLE_KIOSK, 22, NULL);
  g_autofree char *other = add (f, "hall-c", LT_ROLE_KIOSK, 23, NULL);
  g_autofree char *renewed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LtDevice) d = lt_store_device_authenticate (f->store, token, NULL, 1, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_true (lt_store_device_revoke (f->store, "hall-b", &error));
  g_assert_no_error (error);
  g_clear_pointer (&d, lt_device_free);
  /* The very next authentication fails; the other device is untouched. */
  d = lt_store_device_authenticate (f->store, token, NULL, 2, &error);
  g_assert_null (d);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  d = lt_store_device_authenticate (f->store, other, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->name, ==, "hall-c");

  g_assert_false (lt_store_device_revoke (f->store, "hall-b", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lt_store_device_revoke (f->store, "nobody", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A revoked device frees its name and origin for its replacement. */
  renewed = add (f, "hall-b", LT_ROLE_KIOSK, 22, NULL);
  g_clear_pointer (&d, lt_device_free);
  d = lt_store_device_authenticate (f->store, token, NULL, 3, &error);
  g_assert_null (d);
  g_clear_error (&error);
  d = lt_store_device_authenticate (f->store, renewed, NULL, 3, &error);
  g_assert_no_error (error);
  list = lt_store_device_list (f->store, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_true (((LtDevice *) g_ptr_array_index (list, 0))->revoked);
  g_assert_false (((LtDevice *) g_ptr_array_index (list, 2))->revoked);
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autofree char *first = add (f, "hall-d", LT_ROLE_KIOSK, 40, NULL);
  g_autofree char *office = add (f, "城管科", LT_ROLE_OFFICE, 0, "城管科");
  g_autoptr(GError) error = NULL;
  g_autofree char *padded_token = NULL;
  g_autoptr(LtDevice) padded = lt_store_device_add (f->store, "环保科", LT_ROLE_OFFICE, 0,
                                                    " 环保科 ", &padded_token, &error);
  g_autoptr(GPtrArray) list = NULL;
  struct {
    const char *name;
    LtRole      role;
    guint       origin;
    const char *department;
    int         code;
    const char *says;
  } cases[] = {
    { "hall-e", LT_ROLE_KIOSK, 40, NULL, LT_STORE_ERROR_CONFLICT, "hall-d" },
    { "hall-d", LT_ROLE_KIOSK, 41, NULL, LT_STORE_ERROR_CONFLICT, "hall-d" },
    { "hall-f", LT_ROLE_KIOSK, 0, NULL, LT_STORE_ERROR_INVALID, "--origin" },
    { "gw", LT_ROLE_GATEWAY, 0, NULL, LT_STORE_ERROR_INVALID, "--origin" },
    { "gw", LT_ROLE_GATEWAY, 100, NULL, LT_STORE_ERROR_INVALID, "100" },
    { "gw", LT_ROLE_GATEWAY, 9, NULL, LT_STORE_ERROR_INVALID, "9" },
    /* The store's own origins (default config: 10 and 11). */
    { "gw", LT_ROLE_GATEWAY, 10, NULL, LT_STORE_ERROR_CONFLICT, "10" },
    { "gw", LT_ROLE_GATEWAY, 11, NULL, LT_STORE_ERROR_CONFLICT, "11" },
    { "desk", LT_ROLE_STAFF, 42, NULL, LT_STORE_ERROR_INVALID, "kiosk" },
    { "off", LT_ROLE_OFFICE, 0, NULL, LT_STORE_ERROR_INVALID, "--department" },
    { "off", LT_ROLE_OFFICE, 0, "", LT_STORE_ERROR_INVALID, "--department" },
    { "off", LT_ROLE_OFFICE, 0, "  ", LT_STORE_ERROR_INVALID, "--department" },
    { "off", LT_ROLE_OFFICE, 0, "一二三四五六七八九十一二三", LT_STORE_ERROR_INVALID, "部门" },
    { "desk", LT_ROLE_STAFF, 0, "城管科", LT_STORE_ERROR_INVALID, "office" },
    { "", LT_ROLE_STAFF, 0, NULL, LT_STORE_ERROR_INVALID, "名称" },
    { " padded", LT_ROLE_STAFF, 0, NULL, LT_STORE_ERROR_INVALID, "名称" },
    { "-x", LT_ROLE_STAFF, 0, NULL, LT_STORE_ERROR_INVALID, "名称" },
    { "a\nb", LT_ROLE_STAFF, 0, NULL, LT_STORE_ERROR_INVALID, "名称" },
    { "城管科", LT_ROLE_OFFICE, 0, "城管科", LT_STORE_ERROR_CONFLICT, "城管科" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;
      g_autoptr(LtDevice) d = lt_store_device_add (f->store, cases[i].name, cases[i].role,
                                                   cases[i].origin, cases[i].department,
                                                   &token, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (d);
      g_assert_null (token);
      g_assert_error (error, LT_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
  /* A department is stored as transfers store it: stripped. */
  g_assert_no_error (error);
  g_assert_cmpstr (padded->department, ==, "环保科");
  list = lt_store_device_list (f->store, NULL);
  g_assert_cmpuint (list->len, ==, 3);
}

typedef struct {
  LtStore    *store;
  const char *token;
  guint       ok;
} AuthThread;

static gpointer
auth_thread (gpointer data)
{
  AuthThread *a = data;

  for (int i = 0; i < 300; i++)
    {
      g_autoptr(LtDevice) d = lt_store_device_authenticate (a->store, a->token, "127.0.0.1",
                                                            1000 + i * 7, NULL);
      a->ok += d != NULL;
    }
  return NULL;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  g_autofree char *token = add (f, "busy", LT_ROLE_STAFF, 0, NULL);
  AuthThread threads[4];
  GThread *t[4];

  for (guint i = 0; i < 4; i++)
    {
      threads[i] = (AuthThread) { f->store, token, 0 };
      t[i] = g_thread_new ("auth", auth_thread, &threads[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (t[i]);
      g_assert_cmpuint (threads[i].ok, ==, 300);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/laiting/devices/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/laiting/devices/roles", test_roles);
  ADD ("token-shape", test_token_shape);
  ADD ("authenticate", test_authenticate);
  ADD ("revoke", test_revoke);
  ADD ("refusals", test_refusals);
  ADD ("threads", test_threads);
  return g_test_run ();
}
