/* lt-config.c — the site's configuration: one key file, sensible defaults.
 *
 * With no file at all laiting still works: a default hall name, signature,
 * origin codes, the ten default categories and a database under
 * $XDG_DATA_HOME. A file overrides what it names:
 *
 *   [site]      name, signature, origin, database, busy-timeout,
 *               buildings (list), departments (list)
 *   [sms]       origin (and the listener's own keys)
 *   [hub]       platform-origin (receipts of tickets from the city's platform)
 *   [categories] order = utilities;roads;…   (which to show, in order)
 *   [category:CODE] name, due-days, problems (list), icon
 *
 * Values that would break a promise (an origin outside 10–99, a name too long
 * for a one-segment SMS) are refused at load time with the file and key
 * named, rather than discovered by a resident. */

#define G_LOG_DOMAIN "lt-config"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lt-config.h"
#include "lt-receipt.h"
#include "lt-segments.h"

struct _LtConfig {
  GObject     parent_instance;
  GKeyFile   *key_file;
  char       *path;
  char       *site_name;
  char       *signature;
  guint       site_origin;
  guint       sms_origin;
  guint       platform_origin;
  char       *database_path;
  GPtrArray  *categories;   /* LtCategory* */
  GStrv       buildings;
  GStrv       departments;
};

G_DEFINE_FINAL_TYPE (LtConfig, lt_config, G_TYPE_OBJECT)
G_DEFINE_QUARK (lt-config-error-quark, lt_config_error)

/* The default catalogue. Due periods follow common 12345 hotline practice:
 * safety and sanitation fast, roads and jobs slower. Kiosk icons are named
 * "laiting-category-CODE" and shipped in ui/icons. */
static const struct {
  const char *code;
  const char *name;
  guint       due_days;
  const char *problems;
} default_categories[] = {
  { "utilities",  N_("水电燃气"), 5,  N_("停水;停电;燃气有异味;水压太低;水费电费有疑问") },
  { "roads",      N_("道路交通"), 10, N_("路面坑洼;路灯不亮;井盖缺失;乱停车占道;红绿灯故障") },
  { "sanitation", N_("环境卫生"), 3,  N_("垃圾没有清运;楼道脏乱;污水外溢;公共厕所不干净") },
  { "noise",      N_("噪音扰民"), 3,  N_("夜间施工;广场舞声音太大;商铺喇叭;邻居装修") },
  { "property",   N_("物业小区"), 7,  N_("电梯故障;楼道灯坏了;屋顶漏水;门禁损坏;物业收费问题") },
  { "elderly",    N_("养老助老"), 5,  N_("老年助餐;上门照护;高龄补贴;家里适老化改造;陪同就医") },
  { "jobs",       N_("就业社保"), 10, N_("找工作;社保缴费;养老金领取;技能培训") },
  { "health",     N_("医疗卫生"), 5,  N_("家庭医生;看病挂号难;医保报销;疫苗接种") },
  { "safety",     N_("治安安全"), 2,  N_("消防隐患;电动车进楼充电;高空抛物;可疑人员") },
  { "other",      N_("其他问题"), 10, N_("政策咨询;开具证明;意见建议;表扬感谢") },
};

static void
lt_category_free (LtCategory *c)
{
  g_free (c->code);
  g_free (c->name);
  g_free (c->icon);
  g_strfreev (c->problems);
  g_free (c);
}

static void
lt_config_finalize (GObject *object)
{
  LtConfig *self = LT_CONFIG (object);

  g_key_file_unref (self->key_file);
  g_free (self->path);
  g_free (self->site_name);
  g_free (self->signature);
  g_free (self->database_path);
  g_ptr_array_unref (self->categories);
  g_strfreev (self->buildings);
  g_strfreev (self->departments);
  G_OBJECT_CLASS (lt_config_parent_class)->finalize (object);
}

static void
lt_config_class_init (LtConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_config_finalize;
}

static void
lt_config_init (LtConfig *self)
{
  self->key_file = g_key_file_new ();
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_category_free);
}

/* A string key, or a copy of @fallback when absent. */
static char *
get_string (GKeyFile *kf, const char *group, const char *key, const char *fallback)
{
  char *value = g_key_file_get_string (kf, group, key, NULL);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return g_strdup (fallback);
    }
  return value;
}

static GStrv
get_list (GKeyFile *kf, const char *group, const char *key, const char *fallback)
{
  GStrv list = g_key_file_get_string_list (kf, group, key, NULL, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (list == NULL)
    list = fallback ? g_strsplit (fallback, ";", -1) : g_new0 (char *, 1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (*list[i] != '\0')
        g_strv_builder_add (builder, list[i]);
    }
  g_strfreev (list);
  return g_strv_builder_end (builder);
}

static gboolean
invalid (GError **error, const char *path, const char *message)
{
  g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID, "%s: %s",
               path ? path : _("默认设置"), message);
  return FALSE;
}

static gboolean
read_origin (LtConfig *self, const char *group, const char *key, guint fallback, guint *out,
             GError **error)
{
  GError *local = NULL;
  int value = g_key_file_get_integer (self->key_file, group, key, &local);

  if (local != NULL)
    {
      gboolean absent = g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
                        g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND);
      g_error_free (local);
      if (!absent)
        return invalid (error, self->path, _("来源代码（origin）必须是 10 到 99 之间的数字。"));
      value = (int) fallback;
    }
  if (value < LT_RECEIPT_ORIGIN_MIN || value > LT_RECEIPT_ORIGIN_MAX)
    return invalid (error, self->path, _("来源代码（origin）必须是 10 到 99 之间的数字。"));
  *out = (guint) value;
  return TRUE;
}

static gboolean
add_category (LtConfig *self, const char *code, const char *name,
              guint due_days, const char *problems, GError **error)
{
  g_autofree char *group = g_strconcat ("category:", code, NULL);
  GKeyFile *kf = self->key_file;
  LtCategory *c = g_new0 (LtCategory, 1);
  GError *local = NULL;
  int days;

  c->code = g_strdup (code);
  c->name = get_string (kf, group, "name", name);
  c->icon = get_string (kf, group, "icon", NULL);
  if (c->icon == NULL)
    c->icon = g_strconcat ("laiting-category-", code, NULL);
  c->problems = get_list (kf, group, "problems", problems);
  days = g_key_file_get_integer (kf, group, "due-days", &local);
  c->due_days = local ? due_days : (guint) MAX (days, 0);
  g_clear_error (&local);
  g_ptr_array_add (self->categories, c);

  if (c->name == NULL || lt_sms_own_units (c->name) > LT_CONFIG_CATEGORY_NAME_MAX)
    return invalid (error, self->path,
                    _("每个类别都要有名称，且不超过 8 个字。"));
  if (c->due_days == 0)
    return invalid (error, self->path, _("类别的办结时限（due-days）至少为 1 天。"));
  return TRUE;
}

static gboolean
load_categories (LtConfig *self, GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->key_file, NULL);
  g_autoptr(GStrvBuilder) order_builder = g_strv_builder_new ();
  g_auto(GStrv) order = NULL;

  /* Default order: the built-in ten, then new ones in file order. */
  for (guint i = 0; i < G_N_ELEMENTS (default_categories); i++)
    g_strv_builder_add (order_builder, default_categories[i].code);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], "category:"))
      {
        const char *code = groups[i] + strlen ("category:");
        gboolean builtin = FALSE;

        for (guint j = 0; j < G_N_ELEMENTS (default_categories); j++)
          builtin |= g_str_equal (code, default_categories[j].code);
        if (!builtin)
          g_strv_builder_add (order_builder, code);
      }
  order = get_list (self->key_file, "categories", "order", NULL);
  if (order[0] == NULL)
    {
      g_strfreev (order);
      order = g_strv_builder_end (order_builder);
    }

  for (guint i = 0; order[i] != NULL; i++)
    {
      const char *name = NULL, *problems = NULL;
      guint due = 0;

      if (lt_config_find_category (self, order[i]) != NULL)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (default_categories); j++)
        if (g_str_equal (order[i], default_categories[j].code))
          {
            name = _(default_categories[j].name);
            problems = _(default_categories[j].problems);
            due = default_categories[j].due_days;
          }
      if (!add_category (self, order[i], name, due, problems, error))
        return FALSE;
    }
  if (self->categories->len == 0)
    return invalid (error, self->path, _("至少要有一个问题类别。"));
  return TRUE;
}

static gboolean
check_departments (LtConfig *self, GError **error)
{
  for (guint i = 0; self->departments[i] != NULL; i++)
    if (lt_sms_own_units (self->departments[i]) > LT_CONFIG_ASSIGNEE_MAX)
      {
        /* Counted as the SMS counts: a rare character outside the BMP is
         * two UTF-16 units, an extension character two septets. */
        g_autofree char *message =
          g_strdup_printf (_("[site] departments 里的“%s”太长：最多 12 个字（生僻字算两个），否则短信会超长。"),
                           self->departments[i]);

        return invalid (error, self->path, message);
      }
  return TRUE;
}

static char *
default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "laiting", "laiting.db", NULL);
}

static gboolean
apply (LtConfig *self, GError **error)
{
  GKeyFile *kf = self->key_file;

  self->site_name = get_string (kf, "site", "name", _("社区服务站"));
  self->signature = get_string (kf, "site", "signature", _("【来听】"));
  if (lt_sms_own_units (self->signature) > 8)
    return invalid (error, self->path, _("[site] signature 短信签名不能超过 8 个字（生僻字算两个）。"));
  self->database_path = get_string (kf, "site", "database", NULL);
  if (self->database_path == NULL)
    self->database_path = default_database_path ();
  self->buildings = get_list (kf, "site", "buildings", NULL);
  self->departments = get_list (kf, "site", "departments",
                                _("街道办;城管执法队;环卫所;物业公司;社区居委会;派出所;"
                                  "供水公司;供电所;燃气公司;社保所;卫生服务中心"));
  return read_origin (self, "site", "origin", 10, &self->site_origin, error) &&
         read_origin (self, "sms", "origin", 11, &self->sms_origin, error) &&
         read_origin (self, "hub", "platform-origin", 19, &self->platform_origin, error) &&
         check_departments (self, error) &&
         load_categories (self, error);
}

LtConfig *
lt_config_new_default (void)
{
  LtConfig *self = g_object_new (LT_TYPE_CONFIG, NULL);
  g_autoptr(GError) error = NULL;

  if (!apply (self, &error))
    g_error ("built-in configuration is invalid: %s", error->message);
  return self;
}

LtConfig *
lt_config_load (const char *path, GError **error)
{
  g_autoptr(LtConfig) self = g_object_new (LT_TYPE_CONFIG, NULL);
  g_autoptr(GError) local = NULL;
  const char *named = path ? path : g_getenv ("LAITING_CONFIG");
  const char *file = named ? named : LT_CONFIG_DEFAULT_PATH;

  if (g_key_file_load_from_file (self->key_file, file, G_KEY_FILE_NONE, &local))
    self->path = g_strdup (file);
  else if (named != NULL || !g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* A file someone named, or one that exists but cannot be read, is an
       * error: silently running on defaults would hide their settings. */
      g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                   _("无法读取配置文件 %s：%s"), file, local->message);
      return NULL;
    }
  if (!apply (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
lt_config_get_path (LtConfig *self)
{
  return self->path;
}

GKeyFile *
lt_config_get_key_file (LtConfig *self)
{
  return self->key_file;
}

const char *
lt_config_get_site_name (LtConfig *self)
{
  return self->site_name;
}

const char *
lt_config_get_signature (LtConfig *self)
{
  return self->signature;
}

guint
lt_config_get_origin (LtConfig *self, LtChannel channel)
{
  switch (channel)
    {
    case LT_CHANNEL_SMS:      return self->sms_origin;
    case LT_CHANNEL_PLATFORM: return self->platform_origin;
    default:                  return self->site_origin;
    }
}

const char *
lt_config_get_database_path (LtConfig *self)
{
  return self->database_path;
}

void
lt_config_set_database_path (LtConfig *self, const char *path)
{
  g_return_if_fail (path != NULL);
  g_free (self->database_path);
  self->database_path = g_strdup (path);
}

GPtrArray *
lt_config_get_categories (LtConfig *self)
{
  return self->categories;
}

const LtCategory *
lt_config_find_category (LtConfig *self, const char *code)
{
  for (guint i = 0; code != NULL && i < self->categories->len; i++)
    {
      const LtCategory *c = g_ptr_array_index (self->categories, i);

      if (g_str_equal (c->code, code))
        return c;
    }
  return NULL;
}

const char *const *
lt_config_get_buildings (LtConfig *self)
{
  return (const char *const *) self->buildings;
}

const char *const *
lt_config_get_departments (LtConfig *self)
{
  return (const char *const *) self->departments;
}

gint64
lt_config_get_int (LtConfig *self, const char *group, const char *key,
                   gint64 fallback, gint64 min)
{
  g_autoptr(GError) error = NULL;
  gint64 value = g_key_file_get_int64 (self->key_file, group, key, &error);

  if (error != NULL)
    return fallback;
  return MAX (value, min);
}

gboolean
lt_config_get_bool (LtConfig *self, const char *group, const char *key, gboolean fallback)
{
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean (self->key_file, group, key, &error);

  return error ? fallback : value;
}

char *
lt_config_get_string (LtConfig *self, const char *group, const char *key, const char *fallback)
{
  return get_string (self->key_file, group, key, fallback);
}
