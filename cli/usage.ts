// Help texts, one per command; `tcplabs --help` and `tcplabs <command> --help` print them.

export const MAIN_HELP = `tcplabs — drive a real Linux kernel into TCP socket states and prove them with ss

Usage:
  tcplabs                          open the terminal UI (in a terminal; otherwise list the labs)
  tcplabs list [--json]            the labs, by topic, and whether each can run here
  tcplabs show <lab> [--json]      a lab's plan before it runs: programs, steps, expectations
  tcplabs run <lab> [--fast]       run a lab and check what the kernel did
  tcplabs run --all [--fast]       every lab at once, in parallel sandboxes: the pre-flight
  tcplabs exercise <lab>           write an exercise's starter file here, and say how it is checked
  tcplabs check <lab> --server <file> | --client <file>
                                   run a lab against your own program (--watch: on every save)
  tcplabs progress [--json]        labs run, exercises passed, hints used
  tcplabs interview [topic | id]   interview questions: your answer, the run that settles it, the model answer
  tcplabs workshop <file>          take a room through an agenda of labs (workshops/)
  tcplabs watch --port <n> [--once]
                                   census and live timeline of this host's sockets on a port
  tcplabs audit [file]             check a sysctl.conf (default: the seeds' recipe) against the kernel
  tcplabs doctor                   what this machine has, which sandbox is used, what to fix

Every command takes --json (machine-readable output), --help and --lang en|zh (default: the
locale, LC_ALL / LC_MESSAGES / LANG = zh_* for Chinese).
Exit codes: 0 pass, 1 fail (an expectation did not hold), 2 error (bad input, missing tool…).
Environment: TCPLABS_SANDBOX=userns|netns|host forces a sandbox; NO_COLOR turns colour off.`;

export const COMMAND_HELP: Record<string, string> = {
  list: `Usage: tcplabs list [--json]

Lists every lab with its id, title, topic and source seed, and says whether it can run on
this machine (and why not, with the command that would fix it).`,
  show: `Usage: tcplabs show <lab> [--fast] [--json]

Prints a lab's plan without running anything: its programs and the side each plays, every
step in order (and on which kernels a step runs), and every expectation with the command
that shows the same thing by hand. --fast shows the titles with fast mode's pauses.
JSON: {id, title, needs, programs: [{role, file, side}], steps: [{title, when, actions,
expectations: [{id, text, command}]}], exercises: [{id, role, goal, steps}]}. Exit: 0, or 2 for an
unknown lab.`,
  run: `Usage: tcplabs run <lab> [--fast] [--json] [--pcap FILE] [--sandbox userns|netns|host]

Runs a lab in its own sandbox (user + network + pid namespaces), prints each step, every
state change the kernel's socket table showed, and each expectation with the ss command
to see it yourself. --fast shrinks the teaching pauses (3 s → 0.3 s); kernel timers are
shortened with sysctls inside the sandbox, never faked. --pcap FILE writes the run's packet
capture for Wireshark (needs tcpdump). Every timeline entry says its source: "wire" (a
segment tcpdump saw, to the microsecond) or "poll" (the 20 Hz sample of the socket table).
Exit: 0 all expectations held, 1 one did not, 2 the lab could not run.`,
  check: `Usage: tcplabs check <lab> (--server <file> | --client <file>) [--exercise <id>] [--fast]
       [--watch] [--hint N] [--diff] [--junit FILE] [--tap FILE] [--pcap FILE] [--json]

Runs the lab with your program (a .ts, .js or .mjs file, started with tsx, PORT set in its
environment) in the role the exercise names, plays the rest of the lab, and judges the
correct behaviour on the kernel. tcplabs exercise <lab> hands out the starter file; tcplabs
show <lab> lists what each exercise checks.
  --exercise <id>  which exercise, when the lab has several
  --watch          check again on every save; a run still going is stopped first
  --hint N         a failed check shows its first hint (from what failed, with what the
                   kernel showed); --hint N shows N
  --diff           after a pass, compare your file with the reference solution
  --junit FILE, --tap FILE   one testcase per expectation, for a classroom CI
Exit: 0 your program passed, 1 it did not (the output says what the kernel showed),
2 it could not be checked (file missing, crashed, never listened or connected, hung).`,
  exercise: `Usage: tcplabs exercise <lab> [--exercise <id>] [--force] [--json]

Writes the exercise's starter file (the lab's faulty program, the task in a comment at the
top) into the folder you stand in, as <lab>-<exercise>.ts, and prints the task and the check
command. It never overwrites a file unless --force.`,
  interview: `Usage: tcplabs interview [topic | question-id] [--answer "…"] [--json]

Without an argument: the questions, by topic (--json: [{id, topic, lab, question}]). With a
question id (or a topic: each of its questions in turn): the question; your own answer (typed
at the prompt, or --answer "…"; it is kept in the progress file); the lab run that settles it
(fast mode); a model answer whose numbers come from that run (the TIME-WAIT timer as ss -o
showed it, the retransmission gaps as measured); the follow-ups an interviewer asks next; and
the seed's myth, where one exists. Exit: 0 the run settled it, 1 the kernel showed otherwise,
2 it could not run.`,
  workshop: `Usage: tcplabs workshop <agenda.json> [--json]

Takes a room through an agenda of labs (workshops/tcp-teardown-90.json is one): in a terminal,
the UI opens on the agenda, each lab in the mode it asks for (step mode, predictions, fast),
with progress across the session. Without a terminal it checks the agenda (every lab must
exist) and prints it. Agenda: {title, minutes?, labs: [{lab, step?, predict?, fast?, minutes?,
note?}]}. Exit: 0, or 2 for an agenda that does not hold together.`,
  progress: `Usage: tcplabs progress [--json]

What the progress file holds ($XDG_STATE_HOME/tcplabs/progress.json, else
~/.local/state/tcplabs/progress.json), kept by the terminal UI and by run and check: each
lab's last run, each exercise's last check, when it first passed and how many hints it took.`,
  watch: `Usage: tcplabs watch --port <n> [--once] [--json] [--processes] [--interval <ms>]

Watches this host's TCP sockets on a port (either end): a census by state, and without
--once a live timeline of state changes until Ctrl-C. --interval sets the sampling period
(default 50 ms). The census counts what \`ss -tan\` lists for the port. With --once --json,
--processes (-p) adds the process holding each socket (ss -p; only your own processes
unless you are root).`,
  audit: `Usage: tcplabs audit [file] [--json]

Checks a sysctl.conf (by default the seeds' recipe) line by line against the running
kernel: does the key exist, its current value and default, what it really controls, and
the mistake if there is one.
Exit: 0 no line has a problem, 1 some do, 2 the file is missing or unreadable.`,
  doctor: `Usage: tcplabs doctor [--json]

Reports the OS, kernel and Node versions, whether ss, ip, unshare, nsenter, setpriv, nft and
tcpdump are present, which sandbox labs will use, and for each problem the command that
fixes it. Exit: 0 no problem, 1 labs are limited, 2 tcplabs cannot run here.`,
};
