/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-local-source.h"
#include "ms-process-list-model.h"
#include "ms-test-source.h"
#include "ms-test-util.h"

/* The process list model: read through a source, merged into rows kept per
 * pid, paced by the refresh policy, failures said and recovered from. No
 * display needed. */

static gboolean
loaded (gpointer data)
{
  return ms_process_list_model_get_loaded (data);
}

static gboolean
failed (gpointer data)
{
  return ms_process_list_model_get_error (data) != NULL;
}

static gboolean
recovered (gpointer data)
{
  return ms_process_list_model_get_error (data) == NULL;
}

/* --- the real list ----------------------------------------------------------- */

static void
test_local (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsProcessListModel) model = ms_process_list_model_new (source);
  GListModel *list = G_LIST_MODEL (model);
  MsProcessRow *row;
  int previous = 0;

  g_assert_true (g_list_model_get_item_type (list) == MS_TYPE_PROCESS_ROW);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_null (ms_process_list_model_get_error (model));
  g_assert_true (ms_process_list_model_get_source (model) == source);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MsProcessRow) item = g_list_model_get_item (list, i);

      g_assert_cmpint (ms_process_row_get_pid (item), >, previous);
      previous = ms_process_row_get_pid (item);
    }

  row = ms_process_list_model_lookup (model, child->pid);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "ms-test-child");
  row = ms_process_list_model_lookup (model, getpid ());
  g_assert_nonnull (row);
  g_assert_null (ms_process_list_model_lookup (model, G_MAXINT));

  ms_test_child_stop (child);
}

/* --- made-up lists -------------------------------------------------------------- */

#define N_FAKE 50

static guint64 fake_rss[N_FAKE];
static gboolean fake_gone[N_FAKE];
static gboolean fake_fails;

static GPtrArray *
fake_list (GError **error)
{
  GPtrArray *list;

  if (fake_fails)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED, "The reader could not be started on the host: no");
      return NULL;
    }

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);
  for (guint i = 0; i < N_FAKE; i++)
    {
      MsProcessInfo *info;

      if (fake_gone[i])
        continue;
      info = g_new0 (MsProcessInfo, 1);
      info->pid = (int) (100 + 3 * i);
      info->uid = 1000;
      info->state = 'S';
      info->name = g_strdup_printf ("fake-%u", i);
      info->user = g_strdup ("tester");
      info->cmdline = g_strdup ("");
      info->rss = fake_rss[i];
      g_ptr_array_add (list, info);
    }
  return list;
}

static void
reset_fakes (void)
{
  for (guint i = 0; i < N_FAKE; i++)
    {
      fake_rss[i] = (i + 1) * 4096;
      fake_gone[i] = FALSE;
    }
  fake_fails = FALSE;
}

/* A mirror of the model kept only from its items-changed signals. */
static void
mirror_changes (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                GPtrArray  *mirror)
{
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint k = 0; k < added; k++)
    g_ptr_array_insert (mirror, (int) (position + k), g_list_model_get_item (model, position + k));
}

static void
count_updated (MsProcessListModel *model,
               guint               n_updated,
               guint              *out)
{
  *out = n_updated;
}

static void
test_merge (void)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MsProcessRow) kept = NULL;
  GListModel *list;
  guint n_updated = G_MAXUINT;

  reset_fakes ();
  model = ms_process_list_model_new (source);
  list = G_LIST_MODEL (model);
  ms_refresh_policy_set_interval (ms_process_list_model_get_policy (model), 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changes), mirror);
  g_signal_connect (model, "updated", G_CALLBACK (count_updated), &n_updated);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FAKE);
  g_assert_cmpuint (mirror->len, ==, N_FAKE);
  g_assert_cmpuint (n_updated, ==, 0);
  kept = g_object_ref (ms_process_list_model_lookup (model, 100 + 3 * 20));

  /* Some go, some come back, some change their figures. */
  for (guint i = 0; i < N_FAKE; i += 7)
    fake_gone[i] = TRUE;
  fake_rss[20] *= 10;
  fake_rss[22] *= 10;
  ms_process_list_model_refresh (model);
  ms_test_drain ();
  g_assert_cmpuint (n_updated, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FAKE - (N_FAKE + 6) / 7);
  /* The row of a process that stayed is the same object, with its new figures. */
  g_assert_true (ms_process_list_model_lookup (model, 100 + 3 * 20) == kept);
  g_assert_cmpuint (ms_process_row_get_rss (kept), ==, fake_rss[20]);
  g_assert_null (ms_process_list_model_lookup (model, 100));

  for (guint i = 0; i < N_FAKE; i++)
    fake_gone[i] = i % 2 == 0;
  ms_process_list_model_refresh (model);
  ms_test_drain ();
  g_assert_cmpuint (n_updated, ==, 0);

  /* What the signals said is what the model holds, in pid order. */
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (list, i);

      g_assert_true (g_ptr_array_index (mirror, i) == row);
      g_assert_cmpint (ms_process_row_get_pid (row), ==, (int) (100 + 3 * (2 * i + 1)));
    }
}

/* A read that fails says why and keeps the rows; the next read that works
 * takes the error away. Reads never stack up. */
static void
test_failure_and_pacing (void)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_HOST, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;
  MsRefreshPolicy *policy;
  guint n_error = 0;

  reset_fakes ();
  fake_fails = TRUE;
  model = ms_process_list_model_new (source);
  policy = ms_process_list_model_get_policy (model);
  g_signal_connect_swapped (model, "notify::error", G_CALLBACK (g_atomic_int_inc), &n_error);
  ms_refresh_policy_set_interval (policy, 20);
  g_assert_true (ms_test_wait_for (failed, model));
  g_assert_true (g_error_matches (ms_process_list_model_get_error (model), MS_ERROR, MS_ERROR_HELPER_FAILED));
  g_assert_false (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* It keeps trying, at its pace (a third of the interval's rate). */
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 60);
  fake_fails = FALSE;
  g_assert_true (ms_test_wait_for (recovered, model));
  g_assert_true (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);
  g_assert_cmpuint (n_error, ==, 2);

  /* Failing again leaves the rows shown as they were. */
  fake_fails = TRUE;
  g_assert_true (ms_test_wait_for (failed, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);

  /* Beside a watched process, a tenth of the rate. */
  ms_refresh_policy_set_secondary (policy, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 200);

  /* Asked twice at once: one read. */
  fake_fails = FALSE;
  ms_refresh_policy_set_interval (policy, 0);
  ms_test_drain ();
  {
    guint before = ms_test_source_get_n_lists (MS_TEST_SOURCE (source));

    ms_process_list_model_refresh (model);
    ms_process_list_model_refresh (model);
    ms_test_drain ();
    g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (source)), ==, before + 1);
  }
}

/* Another source: the read of the old one is dropped, the new one read at
 * once. */
static void
test_set_source (void)
{
  g_autoptr(MsSource) first = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);
  g_autoptr(MsSource) second = ms_test_source_new (MS_SOURCE_KIND_HOST, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;

  reset_fakes ();
  model = ms_process_list_model_new (first);
  ms_refresh_policy_set_interval (ms_process_list_model_get_policy (model), 0);
  g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (first)), ==, 1);

  ms_process_list_model_set_source (model, second);
  g_assert_true (ms_process_list_model_get_source (model) == second);
  g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (second)), ==, 1);
  ms_test_drain ();
  g_assert_true (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/process-list-model/local", test_local);
  g_test_add_func ("/memscape/process-list-model/merge", test_merge);
  g_test_add_func ("/memscape/process-list-model/failure-and-pacing", test_failure_and_pacing);
  g_test_add_func ("/memscape/process-list-model/set-source", test_set_source);

  return g_test_run ();
}
