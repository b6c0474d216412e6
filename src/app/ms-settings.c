/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-settings.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

/* The compiled schema (the build's data/gschemas.compiled) is a resource of
 * the program. GSettings reads compiled schemas only from a folder, so it is
 * written to a private temporary one, mapped by GSettings, and removed again
 * at once. */
static GSettingsSchema *
load_builtin_schema (GError **error)
{
  g_autoptr(GBytes) compiled = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  GSettingsSchema *schema;
  gboolean written;

  compiled = g_resources_lookup_data (RESOURCE_PATH "/gschemas.compiled", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (compiled == NULL)
    return NULL;

  dir = g_dir_make_tmp ("memscape-schema-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  file = g_build_filename (dir, "gschemas.compiled", NULL);
  written = g_file_set_contents (file, g_bytes_get_data (compiled, NULL), g_bytes_get_size (compiled), error);
  if (written)
    source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, error);
  g_unlink (file);
  g_rmdir (dir);
  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, FALSE);
  if (schema == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no schema %s in the program's resources", APPLICATION_ID);
  return schema;
}

GSettings *
ms_settings_new (void)
{
  /* Shared by every window of the process, for as long as it runs. */
  static GSettingsSchema *builtin_schema;
  static GSettingsBackend *memory_backend;
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APPLICATION_ID, TRUE);
  if (schema != NULL)
    return g_settings_new_full (schema, NULL, NULL);

  if (builtin_schema == NULL)
    {
      g_autoptr(GError) error = NULL;

      builtin_schema = load_builtin_schema (&error);
      if (builtin_schema == NULL)
        {
          g_printerr ("memscape: ");
          /* TRANSLATORS: %s is the schema's id, then why its copy could not be used */
          g_printerr (_("The settings schema %s is not installed, and the program’s own copy could not be loaded: %s"),
                      APPLICATION_ID, error->message);
          g_printerr ("\n");
          exit (1);
        }
      memory_backend = g_memory_settings_backend_new ();
      g_printerr ("memscape: %s\n", _("warning: the settings schema is not installed; settings will not be saved"));
    }

  return g_settings_new_full (builtin_schema, memory_backend, NULL);
}
