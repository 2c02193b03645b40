/* angio-cli.h — shared by the commands of angiomark-cli. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "angio-workspace.h"

G_BEGIN_DECLS

/* Exit codes: the contract other tools rely on. */
enum {
  ANGIO_EXIT_OK = 0,
  ANGIO_EXIT_FAILED = 1,     /* anything else: a write failed, an internal problem */
  ANGIO_EXIT_BAD_INPUT = 2,  /* a bad file, a bad option or value */
};

int  angio_cli_info    (int    argc,
                        char **argv);
int  angio_cli_phantom (int    argc,
                        char **argv);
int  angio_cli_analyze (int    argc,
                        char **argv);
int  angio_cli_qca     (int    argc,
                        char **argv);
int  angio_cli_workspace (int    argc,
                          char **argv);
int  angio_cli_export  (int    argc,
                        char **argv);
int  angio_cli_validate (int    argc,
                         char **argv);
int  angio_cli_import  (int    argc,
                        char **argv);
int  angio_cli_import_predictions (int    argc,
                                   char **argv);
int  angio_cli_score   (int    argc,
                        char **argv);
/* Several readers, one dataset (angio-cli-reading.c). */
int  angio_cli_protocol (int    argc,
                         char **argv);
int  angio_cli_readers (int    argc,
                        char **argv);
int  angio_cli_assign  (int    argc,
                        char **argv);
int  angio_cli_read    (int    argc,
                        char **argv);
int  angio_cli_agreement (int    argc,
                          char **argv);
int  angio_cli_adjudicate (int    argc,
                           char **argv);
int  angio_cli_audit   (int    argc,
                        char **argv);

/* Opens the workspace in @folder (angio_workspace_open()); one that cannot be written is
 * opened read-only, and the user told so on stderr. */
AngioWorkspace *angio_cli_open_workspace (const char  *folder,
                                          gboolean     create,
                                          GError     **error);
/* Prints "angiomark-cli: message" on stderr, returns the exit code the error deserves. */
int  angio_cli_fail    (const GError *error);
/* Parses the options of one command; on error prints it and returns FALSE. */
gboolean angio_cli_parse (GOptionContext *context,
                          int            *argc,
                          char         ***argv,
                          int            *status);
void angio_cli_print_json (JsonNode *node);
/* "Label:   value", the values aligned (wide characters count double). */
void angio_cli_line  (const char *label,
                      const char *value);
void angio_cli_linef (const char *label,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
