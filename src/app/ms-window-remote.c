/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-window"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>

#include "ms-remote-source.h"
#include "ms-settings.h"

/* Another machine in the window: the Connect dialog (ssh, adb or any
 * command; as administrator there; the recent connections, remembered in
 * the `recent-connections` key), and the switch of the window's source to
 * that machine's, or back to this computer's. */

#define RECENT_MAX 8

/* The dialog's transports, in the drop-down's order. */
static const struct {
  MsRemoteTransport  transport;
  const char        *id;            /* in the settings */
  const char        *label;
  const char        *placeholder;
} transports[] = {
  { MS_REMOTE_TRANSPORT_SSH, "ssh", N_("SSH"), N_("user@server") },
  { MS_REMOTE_TRANSPORT_ADB, "adb", N_("Android Device (adb)"), N_("Serial, or empty for the only device") },
  { MS_REMOTE_TRANSPORT_COMMAND, "command", N_("Command"), N_("kubectl exec -i my-pod -- sh") },
};

typedef struct {
  MsWindow       *window;
  GtkDropDown    *transport;
  GtkEntry       *target;
  GtkCheckButton *as_admin;
} ConnectDialog;

static void
connect_dialog_free (ConnectDialog *dialog)
{
  g_free (dialog);
}

static guint
transport_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    if (g_strcmp0 (transports[i].id, id) == 0)
      return i;
  return G_N_ELEMENTS (transports);
}

/* Remembers @target first among the recent connections. */
static void
remember (MsWindow   *self,
          guint       index,
          const char *target,
          gboolean    as_admin)
{
  g_autoptr(GSettings) settings = ms_settings_new ();
  g_autoptr(GVariant) recent = g_settings_get_value (settings, "recent-connections");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ssb)"));
  GVariantIter iter;
  const char *id, *text;
  gboolean admin;
  guint n = 1;

  g_variant_builder_add (&builder, "(ssb)", transports[index].id, target, as_admin);
  g_variant_iter_init (&iter, recent);
  while (n < RECENT_MAX && g_variant_iter_next (&iter, "(&s&sb)", &id, &text, &admin))
    {
      if (g_strcmp0 (id, transports[index].id) == 0 && g_strcmp0 (text, target) == 0)
        continue;
      g_variant_builder_add (&builder, "(ssb)", id, text, admin);
      n++;
    }
  g_settings_set_value (settings, "recent-connections", g_variant_builder_end (&builder));
}

/* Connects to @target through transport @index: the window then lists and
 * reads that machine's processes. A bad host or command says why in a toast. */
static void
connect_to (MsWindow   *self,
            guint       index,
            const char *target,
            gboolean    as_admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRemoteConnection) connection = NULL;
  MsRemoteAs as = MS_REMOTE_AS_USER;

  /* Android has su, not sudo */
  if (as_admin)
    as = transports[index].transport == MS_REMOTE_TRANSPORT_ADB ? MS_REMOTE_AS_SU : MS_REMOTE_AS_SUDO;
  connection = ms_remote_connection_new_for_transport (transports[index].transport, target, as, NULL, &error);
  if (connection == NULL)
    {
      _ms_window_add_toast (self, adw_toast_new (error->message));
      return;
    }
  remember (self, index, target, as_admin);
  _ms_window_use_remote (self, connection);
}

static void
on_response (AdwMessageDialog *message,
             const char       *response,
             ConnectDialog    *dialog)
{
  guint index = gtk_drop_down_get_selected (dialog->transport);
  const char *target = gtk_editable_get_text (GTK_EDITABLE (dialog->target));

  if (g_strcmp0 (response, "connect") == 0 && index < G_N_ELEMENTS (transports))
    connect_to (dialog->window, index, target, gtk_check_button_get_active (dialog->as_admin));
}

static void
on_transport_changed (ConnectDialog *dialog)
{
  guint index = gtk_drop_down_get_selected (dialog->transport);

  if (index >= G_N_ELEMENTS (transports))
    return;
  gtk_entry_set_placeholder_text (dialog->target, _(transports[index].placeholder));
  /* Android has su, not sudo */
  gtk_check_button_set_label (dialog->as_admin,
                              transports[index].transport == MS_REMOTE_TRANSPORT_ADB
                              ? _("As _administrator on the device (su, which must grant it)")
                              : _("As _administrator on the other side (sudo, without a password)"));
}

static void
on_target_changed (ConnectDialog *dialog)
{
  GtkWidget *message = gtk_widget_get_ancestor (GTK_WIDGET (dialog->target), ADW_TYPE_MESSAGE_DIALOG);
  guint index = gtk_drop_down_get_selected (dialog->transport);
  const char *target = gtk_editable_get_text (GTK_EDITABLE (dialog->target));

  if (message != NULL)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (message), "connect",
                                             *target != '\0' || (index < G_N_ELEMENTS (transports) &&
                                                                 transports[index].transport == MS_REMOTE_TRANSPORT_ADB));
}

static void
on_recent_activated (GtkListBox    *list,
                     GtkListBoxRow *row,
                     ConnectDialog *dialog)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "transport"));
  const char *target = g_object_get_data (G_OBJECT (row), "target");
  gboolean as_admin = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "as-admin"));
  GtkWidget *message = gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_MESSAGE_DIALOG);
  MsWindow *window = dialog->window;
  g_autofree char *target_copy = g_strdup (target);

  /* the dialog (and @dialog with it) goes first */
  if (message != NULL)
    gtk_window_destroy (GTK_WINDOW (message));
  connect_to (window, index, target_copy, as_admin);
}

/* A list of the recent connections, or NULL when there are none. */
static GtkWidget *
recent_list (ConnectDialog *dialog)
{
  g_autoptr(GSettings) settings = ms_settings_new ();
  g_autoptr(GVariant) recent = g_settings_get_value (settings, "recent-connections");
  GtkWidget *list;
  GVariantIter iter;
  const char *id, *target;
  gboolean as_admin;

  if (g_variant_n_children (recent) == 0)
    return NULL;

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  g_variant_iter_init (&iter, recent);
  while (g_variant_iter_next (&iter, "(&s&sb)", &id, &target, &as_admin))
    {
      guint index = transport_index (id);
      GtkWidget *row;
      g_autofree char *subtitle = NULL;

      if (index >= G_N_ELEMENTS (transports))
        continue;
      row = adw_action_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     *target != '\0' ? target : _("The only device"));
      /* TRANSLATORS: a recent connection's transport, and whether as administrator there */
      subtitle = as_admin ? g_strdup_printf (_("%s, as administrator"), _(transports[index].label))
                          : g_strdup (_(transports[index].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data (G_OBJECT (row), "transport", GUINT_TO_POINTER (index));
      g_object_set_data_full (G_OBJECT (row), "target", g_strdup (target), g_free);
      g_object_set_data (G_OBJECT (row), "as-admin", GINT_TO_POINTER (as_admin));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (on_recent_activated), dialog);
  return list;
}

void
_ms_window_connect (MsWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  ConnectDialog *dialog = g_new0 (ConnectDialog, 1);
  GtkWidget *message;
  GtkWidget *box;
  GtkWidget *recent;

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    gtk_string_list_append (names, _(transports[i].label));

  message = adw_message_dialog_new (GTK_WINDOW (self), _("Connect to Another Machine"),
                                    _("Memscape reads its processes through a shell there: it needs ssh, adb or the command, and nothing installed on the other side."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message), "cancel");

  dialog->window = self;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  dialog->transport = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog->transport),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Through"), -1);
  dialog->target = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (dialog->target, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog->target),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Host, serial or command"), -1);
  dialog->as_admin = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("As _administrator on the other side (sudo, without a password)")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->transport));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->target));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->as_admin));
  recent = recent_list (dialog);
  if (recent != NULL)
    {
      GtkWidget *heading = gtk_label_new (_("Recent"));

      gtk_widget_add_css_class (heading, "heading");
      gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), recent);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message), box);

  g_signal_connect_swapped (dialog->transport, "notify::selected", G_CALLBACK (on_transport_changed), dialog);
  g_signal_connect_swapped (dialog->transport, "notify::selected", G_CALLBACK (on_target_changed), dialog);
  g_signal_connect_swapped (dialog->target, "changed", G_CALLBACK (on_target_changed), dialog);
  g_signal_connect_data (message, "response", G_CALLBACK (on_response), dialog,
                         (GClosureNotify) (void (*) (void)) connect_dialog_free, 0);
  on_transport_changed (dialog);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (message), "connect", FALSE);

  gtk_window_present (GTK_WINDOW (message));
  gtk_widget_grab_focus (GTK_WIDGET (dialog->target));
}

void
_ms_window_use_remote (MsWindow           *self,
                       MsRemoteConnection *connection)
{
  g_autoptr(MsSource) source = ms_remote_source_new (connection);
  g_autofree char *text = NULL;

  _ms_window_set_source (self, source);
  /* TRANSLATORS: %s is another machine ("server") */
  text = g_strdup_printf (_("Processes on %s"), ms_remote_connection_get_label (connection));
  _ms_window_add_toast (self, adw_toast_new (text));
}

void
_ms_window_use_this_computer (MsWindow *self)
{
  g_autoptr(MsSource) source = ms_source_new_default ();

  _ms_window_set_source (self, source);
}
