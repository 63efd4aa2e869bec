// Command roster is the SCIM 2.0 employee-provisioning server and its
// administration CLI. See the README for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"roster/internal/directory"
)

func main() { runMain(os.Args[1:]) }

// runMain runs a command line as the process: SIGINT and SIGTERM stop it
// gracefully (the server finishes what it serves and writes pending
// usage), and its outcome is the exit status.
func runMain(args []string) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, args, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "roster:", messageOf(err))
		}
		os.Exit(exitCode(err))
	}
}

// messageOf is what a person reads of err: a domain error's message
// (directory.Error.Message, written for the caller) without the store's
// prefixes around it, for any mistake of the command's input; the whole
// chain when the database could not answer, where the cause is what an
// operator needs.
func messageOf(err error) string {
	var de *directory.Error
	if errors.As(err, &de) && de.Code != directory.EUnavailable {
		return de.Message
	}
	return err.Error()
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitCode is err's exit status: 0 for help asked for (--help, as Go's
// flag package exits), 2 for a usage error, 1 for a failure.
func exitCode(err error) int {
	var u usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}

// commandGroups are the commands that take a subcommand: "roster company
// --help" prints the usage, as "roster --help" does.
var commandGroups = []string{"company", "token", "apikey", "attribute", "employee", "owner", "admin", "survey", "guard"}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

const usage = `roster: SCIM 2.0 employee provisioning

Usage:
  roster serve [--db DSN] [--addr :8080] [--base-url URL]
  roster company create --name NAME          prints the company id
  roster company list                        id<TAB>name per line
  roster token create --company ID --label LABEL   prints the bearer token
  roster token list --company ID             id<TAB>label<TAB>created<TAB>last used<TAB>requests<TAB>status
  roster token revoke ID
  roster apikey create --label L [--company ID]...   prints the product API key (/api/v1)
  roster apikey list                         id<TAB>label<TAB>created<TAB>companies<TAB>status
  roster apikey revoke ID
  roster attribute create --company ID --name NAME --type option|date|number|employee [--alias A]... [--option O]... [--open]
  roster attribute list --company ID         id<TAB>name<TAB>type<TAB>aliases<TAB>options<TAB>SCIM path
  roster attribute update --company ID ATTRIBUTE [--rename NEW] [--add-option X]... [--remove-option X]...
                         [--rename-option OLD=NEW]... [--alias A]... [--remove-alias A]... [--type T]
                         [--open|--closed] [--acknowledge] [--yes]
                                             ATTRIBUTE: id, name or alias; prints the attribute as list does
  roster attribute delete --company ID [--confirm] ATTRIBUTE_ID
  roster employee list --company ID [--filter F]   id<TAB>userName<TAB>status<TAB>pending references
  roster employee show --company ID EMPLOYEE_ID
  roster owner set --company ID --attribute NAME --connection ID
                                             only that connection's writes of NAME apply
  roster owner list --company ID             attribute<TAB>connection id<TAB>connection label
  roster owner clear --company ID --attribute NAME
  roster admin create (--company ID | --company-name NAME) --email EMAIL [--password-file FILE]
                                             prints the admin id; password from the file or stdin
  roster activity --company ID [--employee ID] [--connection ID] [--failed] [--since RFC3339] [--limit N] [--json]
                                             newest first: time<TAB>connection<TAB>operation<TAB>employee<TAB>status<TAB>detail
  roster survey schedule --company ID --name N --opens RFC3339 [--closes RFC3339] [--every 2w|1m]
                                             prints the new round id (with --every: the schedule id)
  roster survey list --company ID            id<TAB>name<TAB>opens<TAB>closes<TAB>audience size
  roster survey audience --company ID ROUND_ID     employee id<TAB>userName per line
  roster survey why --company ID ROUND_ID EMPLOYEE_ID   included, or excluded<TAB>reason
  roster survey update --company ID ROUND_ID [--name N] [--opens RFC3339] [--closes RFC3339]
                                             edits a round that has not opened; prints its id
  roster survey cancel --company ID ROUND_ID  cancels a round that has not opened
  roster guard status --company ID           held<TAB>connection<TAB>count<TAB>since per connection, or none
  roster guard release --company ID [--connection ID]
                                             applies held deactivations; prints how many
  roster bench [--db DSN]... [--url URL --token T] [--ceiling] [--in-memory] [--employees N] [--json]
                                             the load tool: phase<TAB>ops/s<TAB>p50/p95/p99 per target

Every command takes --db (env ROSTER_DB, default roster.db); a value
starting with postgres:// selects PostgreSQL.
`

// run dispatches a command line; results go to stdout, messages to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 {
		sub = rest[0]
	}
	switch {
	case cmd == "serve":
		return serve(ctx, rest, stderr)
	case cmd == "company" && sub == "create":
		return companyCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "company" && sub == "list":
		return companyList(ctx, rest[1:], stdout, stderr)
	case cmd == "token" && sub == "create":
		return tokenCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "token" && sub == "list":
		return tokenList(ctx, rest[1:], stdout, stderr)
	case cmd == "token" && sub == "revoke":
		return tokenRevoke(ctx, rest[1:], stdout, stderr)
	case cmd == "apikey" && sub == "create":
		return apikeyCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "apikey" && sub == "list":
		return apikeyList(ctx, rest[1:], stdout, stderr)
	case cmd == "apikey" && sub == "revoke":
		return apikeyRevoke(ctx, rest[1:], stdout, stderr)
	case cmd == "attribute" && sub == "create":
		return attributeCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "attribute" && sub == "list":
		return attributeList(ctx, rest[1:], stdout, stderr)
	case cmd == "attribute" && sub == "update":
		return attributeUpdate(ctx, rest[1:], stdout, stderr)
	case cmd == "attribute" && sub == "delete":
		return attributeDelete(ctx, rest[1:], stdout, stderr)
	case cmd == "employee" && sub == "list":
		return employeeList(ctx, rest[1:], stdout, stderr)
	case cmd == "employee" && sub == "show":
		return employeeShow(ctx, rest[1:], stdout, stderr)
	case cmd == "admin" && sub == "create":
		return adminCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "owner" && sub == "set":
		return ownerSet(ctx, rest[1:], stdout, stderr)
	case cmd == "owner" && sub == "list":
		return ownerList(ctx, rest[1:], stdout, stderr)
	case cmd == "owner" && sub == "clear":
		return ownerClear(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "schedule":
		return surveySchedule(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "list":
		return surveyList(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "audience":
		return surveyAudience(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "why":
		return surveyWhy(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "update":
		return surveyUpdate(ctx, rest[1:], stdout, stderr)
	case cmd == "survey" && sub == "cancel":
		return surveyCancel(ctx, rest[1:], stdout, stderr)
	case cmd == "guard" && sub == "status":
		return guardStatus(ctx, rest[1:], stdout, stderr)
	case cmd == "guard" && sub == "release":
		return guardRelease(ctx, rest[1:], stdout, stderr)
	case cmd == "bench":
		return benchCmd(ctx, rest, stdout, stderr)
	case cmd == "activity":
		return activityCmd(ctx, rest, stdout, stderr)
	case isHelp(cmd), isHelp(sub) && slices.Contains(commandGroups, cmd):
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))}
}
