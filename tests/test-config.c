/* test-config.c — defaults without a file, overrides from one, clear errors. */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "lt-config.h"

static char *
write_config (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("laiting-XXXXXX.conf", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_defaults (void)
{
  g_autoptr(LtConfig) config = lt_config_new_default ();
  static const char *const codes[] = {
    "utilities", "roads", "sanitation", "noise", "property",
    "elderly", "jobs", "health", "safety", "other",
  };
  GPtrArray *cats = lt_config_get_categories (config);

  g_assert_cmpuint (cats->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const LtCategory *c = g_ptr_array_index (cats, i);

      g_assert_cmpstr (c->code, ==, codes[i]);
      g_assert_cmpuint (c->due_days, >, 0);
      g_assert_cmpuint (g_strv_length (c->problems), >=, 4);
      g_assert_cmpint (g_utf8_strlen (c->name, -1), <=, LT_CONFIG_CATEGORY_NAME_MAX);
    }
  g_assert_cmpstr (lt_config_get_signature (config), ==, "【来听】");
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_KIOSK), ==, 10);
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_SMS), ==, 11);
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_PLATFORM), ==, 19);
  g_assert_true (g_str_has_suffix (lt_config_get_database_path (config), "laiting/laiting.db"));
  g_assert_true (g_str_has_prefix (lt_config_get_database_path (config), g_get_user_data_dir ()));
}

static void
test_overrides (void)
{
  g_autofree char *path = write_config (
      "[site]\nname=幸福里社区\nsignature=【幸福里】\norigin=42\ndatabase=/tmp/x.db\n"
      "buildings=1号楼;2号楼; 3号楼 \n"
      "[sms]\norigin=43\n"
      "[hub]\nplatform-origin=44\n"
      "[categories]\norder=roads;pets\n"
      "[category:roads]\ndue-days=4\n"
      "[category:pets]\nname=宠物管理\ndue-days=6\nproblems=遛狗不牵绳;犬吠扰民\n"
      "[kiosk]\nidle-seconds=120\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load (path, &error);
  const LtCategory *roads, *pets;

  g_assert_no_error (error);
  g_assert_cmpstr (lt_config_get_site_name (config), ==, "幸福里社区");
  g_assert_cmpstr (lt_config_get_signature (config), ==, "【幸福里】");
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_STAFF), ==, 42);
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_SMS), ==, 43);
  g_assert_cmpuint (lt_config_get_origin (config, LT_CHANNEL_PLATFORM), ==, 44);
  g_assert_cmpstr (lt_config_get_database_path (config), ==, "/tmp/x.db");
  g_assert_cmpuint (g_strv_length ((GStrv) lt_config_get_buildings (config)), ==, 3);
  g_assert_cmpstr (lt_config_get_buildings (config)[2], ==, "3号楼");
  g_assert_cmpuint (lt_config_get_categories (config)->len, ==, 2);
  roads = lt_config_find_category (config, "roads");
  g_assert_cmpuint (roads->due_days, ==, 4);
  g_assert_cmpstr (roads->name, ==, "道路交通");
  pets = lt_config_find_category (config, "pets");
  g_assert_cmpstr (pets->problems[1], ==, "犬吠扰民");
  g_assert_null (lt_config_find_category (config, "noise"));
  g_assert_cmpint (lt_config_get_int (config, "kiosk", "idle-seconds", 90, 10), ==, 120);
  g_assert_cmpint (lt_config_get_int (config, "kiosk", "idle-countdown", 30, 5), ==, 30);
  g_unlink (path);
}

static void
test_invalid (void)
{
  static const char *const bad[] = {
    "[site]\norigin=7\n",
    "[site]\norigin=abc\n",
    "[sms]\norigin=100\n",
    "[hub]\nplatform-origin=9\n",
    "[site]\nsignature=【这是一个非常非常长的签名】\n",
    "[site]\ndepartments=一个名字特别特别特别特别长的部门\n",
    "[category:roads]\ndue-days=0\n",
    "not a key file at all [",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = write_config (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(LtConfig) config = lt_config_load (path, &error);

      g_assert_null (config);
      g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
      /* The sentence names the file so an operator knows where to look. */
      g_assert_nonnull (strstr (error->message, path));
      g_unlink (path);
    }
}

static void
test_missing_named_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = lt_config_load ("/nonexistent/laiting.conf", &error);

  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/laiting/config/defaults", test_defaults);
  g_test_add_func ("/laiting/config/overrides", test_overrides);
  g_test_add_func ("/laiting/config/invalid", test_invalid);
  g_test_add_func ("/laiting/config/missing-named-file", test_missing_named_file);
  return g_test_run ();
}
