/* angio-demo.h — the built-in demo case: a phantom run generated once into the user's cache
 * folder and reused. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the demo lives (it may not exist yet). */
char    *angio_demo_path          (void);
void     angio_demo_ensure_async  (GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* Returns: (transfer full): the path of the demo DICOM file, or NULL with @error set. */
char    *angio_demo_ensure_finish (GAsyncResult        *result,
                                   GError             **error);
/* The same, blocking. */
char    *angio_demo_ensure        (GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
