package io.talus.agent.containerizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The supervisor: one {@code /bin/sh} per task, a few hundred kilobytes, started in its own
 * session so that nothing aimed at the agent (its death, its process group, its terminal) reaches
 * it, with its output in a file so that no pipe to a dead agent can kill it.
 *
 * <p>It starts the command in a session of its own through {@code setsid} in the foreground, not
 * as an {@code &} job: a non-interactive shell starts background jobs with SIGINT and SIGQUIT
 * ignored, and the command would inherit that. A foreground child of the supervisor (itself a
 * group leader) is no group leader, so {@code setsid} makes the session without forking and the
 * pid the child writes ({@code $$}) is the command's. The child redirects its own stdio (a
 * redirection on the command line would be made, and held, by the supervisor), writes that pid (to
 * a temporary name, then renamed, so the agent never reads half of it), joins the container's
 * cgroups, and execs the command, so the command runs in its cgroups from its first instruction. When it ends,
 * the supervisor kills what is left of its process group and writes the exit status the same way.
 *
 * <p>Variables are named {@code _talus_*} because the shells run with the task's environment: an
 * assignment to a name the task also has would change what the task sees.
 */
final class SupervisorScript {

  /** Versioned: supervisors of an older agent keep running the file they started with. */
  static final String FILE_NAME = "talus-supervisor-1.sh";

  static final String PID = "pid";
  static final String EXIT_STATUS = "exit_status";
  static final String LOG = "supervisor.log";

  private static final String TEXT = """
      # Talus task supervisor (io.talus.agent.containerizer.SupervisorScript).
      # Arguments: status_dir setsid mv keep_pwd n cgroup_procs_file... argv...
      _talus_dir=$1 _talus_setsid=$2 _talus_mv=$3
      shift 3
      "$_talus_setsid" /bin/sh -c '
      _talus_dir=$1 _talus_mv=$2 _talus_keep_pwd=$3 _talus_n=$4
      shift 4
      exec </dev/null >>stdout 2>>stderr
      echo $$ > "$_talus_dir/pid.tmp" && "$_talus_mv" -f "$_talus_dir/pid.tmp" "$_talus_dir/pid" || exit 125
      while [ "$_talus_n" -gt 0 ]; do
        echo $$ > "$1" || { echo "talus: cannot join cgroup $1" >&2; exit 125; }
        shift
        _talus_n=$((_talus_n - 1))
      done
      [ "$_talus_keep_pwd" = 1 ] || unset PWD
      exec "$@"' talus-task "$_talus_dir" "$_talus_mv" "$@"
      _talus_code=$?
      if [ -s "$_talus_dir/pid" ]; then
        read -r _talus_pid < "$_talus_dir/pid"
        kill -s KILL -- "-$_talus_pid" 2>/dev/null
      fi
      echo "$_talus_code" > "$_talus_dir/exit_status.tmp" \\
        && "$_talus_mv" -f "$_talus_dir/exit_status.tmp" "$_talus_dir/exit_status"
      """;

  private SupervisorScript() {}

  /**
   * Writes the script into {@code dir} (to a temporary name, then renamed: a shell reads its
   * script as it goes, so a file rewritten in place would change under running supervisors).
   */
  static Path install(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve(FILE_NAME);
    Path tmp = dir.resolve(FILE_NAME + ".tmp." + ProcessHandle.current().pid());
    Files.writeString(tmp, TEXT, StandardCharsets.UTF_8);
    Files.move(tmp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return script;
  }

  /** An executable of the base system, looked up where it lives rather than in the task's PATH. */
  static Path tool(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(name + " not found in /usr/bin, /bin, /usr/sbin, /sbin or "
        + "/usr/local/bin; the supervisor needs it");
  }
}
