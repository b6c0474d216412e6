/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-reader.h"
#include "ms-region-item.h"
#include "ms-region-model.h"
#include "ms-test-util.h"

/* MsRegionModel: lazy items, and refreshes that keep the items of regions
 * that stay and announce only what changed. */

typedef struct {
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

/* A captured process: the file gives a pid-less snapshot, so make the model
 * compare two captures by pretending they are of the same process. */
static MsSnapshot *
process_snapshot (const char *text)
{
  MsSnapshot *snapshot = ms_test_read_text (text, -1);

  snapshot->source = MS_SOURCE_PROCESS;
  snapshot->pid = 4242;
  return snapshot;
}

#define A "00400000-00401000 r-xp 00000000 08:01 11 /usr/bin/a\n"
#define B "00600000-00602000 rw-p 00000000 00:00 0 [heap]\n"
#define B_GROWN "00600000-00608000 rw-p 00000000 00:00 0 [heap]\n"
#define C "7f0000000000-7f0000004000 rw-p 00000000 00:00 0\n"
#define C_READONLY "7f0000000000-7f0000004000 r--p 00000000 00:00 0\n"
#define D "7f0000010000-7f0000011000 r--p 00000000 08:01 12 /usr/lib/libd.so\n"
#define E "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n"

static void
test_region_model_lazy (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (A B C D E, -1);
  g_autoptr(MsRegionItem) first = NULL;
  g_autoptr(MsRegionItem) again = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == MS_TYPE_REGION_ITEM);

  ms_region_model_set_snapshot (model, snapshot);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 5));

  first = g_list_model_get_item (G_LIST_MODEL (model), 3);
  again = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_true (first == again);
  g_assert_cmpuint (ms_region_item_get_index (first), ==, 3);
  g_assert_cmpstr (ms_region_item_get_region (first)->path, ==, "/usr/lib/libd.so");
}

static void
test_region_model_refresh (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) before = process_snapshot (A B C D E);
  /* B grew (a different region), C changed permissions (same region),
   * D vanished, a new region appeared before E, A and E stay as they were. */
  g_autoptr(MsSnapshot) after = process_snapshot (A B_GROWN C_READONLY
                                                  "7ffc00000000-7ffc00001000 rw-p 00000000 00:00 0\n"
                                                  E);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(MsRegionItem) a = NULL;
  g_autoptr(MsRegionItem) c = NULL;
  g_autoptr(MsRegionItem) e = NULL;
  g_autoptr(MsRegionItem) item = NULL;
  guint c_revision;
  guint n;

  ms_region_model_set_snapshot (model, before);
  a = g_list_model_get_item (G_LIST_MODEL (model), 0);
  c = g_list_model_get_item (G_LIST_MODEL (model), 2);
  e = g_list_model_get_item (G_LIST_MODEL (model), 4);
  c_revision = ms_region_item_get_revision (c);

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  ms_region_model_set_snapshot (model, after);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 5);

  /* Only what changed was announced, adjacent changes merged: B (1 out,
   * 1 in), C (re-announced in place), D out and the new one in, all at
   * 1…3; A and E untouched. */
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 3);

  /* Regions that stayed keep their items, now over the new snapshot. */
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (item == a);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_true (item == c);
  g_assert_true (ms_region_item_get_snapshot (c) == after);
  g_assert_cmpuint (ms_region_item_get_revision (c), ==, c_revision + 1);
  g_assert_cmpint (ms_region_item_get_region (c)->perms & MS_PERM_WRITE, ==, 0);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 4);
  g_assert_true (item == e);
  g_assert_cmpuint (ms_region_item_get_index (e), ==, 4);
  g_assert_cmpstr (ms_region_item_get_region (e)->path, ==, "[stack]");
  g_clear_object (&item);

  /* The new region is there, made on demand. */
  item = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_cmpuint (ms_region_item_get_region (item)->start, ==, 0x7ffc00000000);
}

/* Changes apart from each other come as one signal spanning them, so that a
 * listener never sees the model in a state it has not been told about:
 * after each signal, what it counted is what the model holds. */
static void
check_consistent (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *counted)
{
  *counted = *counted - removed + added;
  g_assert_cmpuint (*counted, ==, g_list_model_get_n_items (model));
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_assert_nonnull (item);
    }
}

static void
test_region_model_separate_changes (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) before = process_snapshot (A B C D E);
  g_autoptr(MsSnapshot) after = process_snapshot ("00300000-00301000 r--p 00000000 00:00 0\n"
                                                  "00310000-00311000 r--p 00000000 00:00 0\n"
                                                  A B C E);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint counted;

  ms_region_model_set_snapshot (model, before);
  counted = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  g_signal_connect (model, "items-changed", G_CALLBACK (check_consistent), &counted);
  ms_region_model_set_snapshot (model, after);

  /* Two new regions at the front and D gone: [A B C D] became [n n A B C],
   * E untouched after them. */
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 4);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
  g_assert_cmpuint (counted, ==, 6);
}

/* A view in the model's own order needs no announcement of regions that
 * stay but changed: with announcements off, only what appeared or vanished
 * is announced, and the item of a region that changed in place still
 * notifies, with the new figures. */
static void
test_region_model_quiet_updates (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) before = process_snapshot (A B C D E);
  g_autoptr(MsSnapshot) after = process_snapshot (A B C_READONLY E);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(MsRegionItem) c = NULL;
  guint c_revision;

  ms_region_model_set_snapshot (model, before);
  c = g_list_model_get_item (G_LIST_MODEL (model), 2);
  c_revision = ms_region_item_get_revision (c);

  ms_region_model_set_announce_updates (model, FALSE);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  ms_region_model_set_snapshot (model, after);

  /* D gone, at 3; C, changed at 2, not announced. */
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 0);
  g_assert_cmpuint (ms_region_item_get_revision (c), ==, c_revision + 1);
  g_assert_cmpint (ms_region_item_get_region (c)->perms & MS_PERM_WRITE, ==, 0);
}

static void
test_region_model_other_process (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) first = process_snapshot (A B C);
  g_autoptr(MsSnapshot) other = process_snapshot (A B C D);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(MsRegionItem) a = NULL;
  g_autoptr(MsRegionItem) item = NULL;

  other->pid = 4343;
  ms_region_model_set_snapshot (model, first);
  a = g_list_model_get_item (G_LIST_MODEL (model), 0);

  /* Another process shares nothing: everything is replaced. */
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  ms_region_model_set_snapshot (model, other);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 4);
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (item != a);

  ms_region_model_set_snapshot (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* Updated with a diff made elsewhere (the session's, once for every view):
 * the same outcome as diffing here. */
static void
test_region_model_update_with_diff (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsRegionModel) other = ms_region_model_new ();
  g_autoptr(MsSnapshot) before = process_snapshot (A B C D E);
  g_autoptr(MsSnapshot) after = process_snapshot (A B_GROWN C_READONLY E);
  g_autoptr(MsDiff) diff = ms_diff_new (before, after);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GArray) other_changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(MsRegionItem) a = NULL;
  g_autoptr(MsRegionItem) item = NULL;

  ms_region_model_update (model, before, NULL);
  ms_region_model_set_snapshot (other, before);
  a = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  g_signal_connect (other, "items-changed", G_CALLBACK (record_change), other_changes);

  ms_region_model_update (model, after, diff);
  ms_region_model_set_snapshot (other, after);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (other_changes->len, ==, 1);
  g_assert_cmpmem (changes->data, sizeof (Change), other_changes->data, sizeof (Change));
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (item == a);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/region-model/lazy", test_region_model_lazy);
  g_test_add_func ("/memscape/region-model/refresh", test_region_model_refresh);
  g_test_add_func ("/memscape/region-model/separate-changes", test_region_model_separate_changes);
  g_test_add_func ("/memscape/region-model/quiet-updates", test_region_model_quiet_updates);
  g_test_add_func ("/memscape/region-model/other-process", test_region_model_other_process);
  g_test_add_func ("/memscape/region-model/update-with-diff", test_region_model_update_with_diff);

  return g_test_run ();
}
