package io.talus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talus.cli.local.NodeHttp;
import io.talus.cli.local.StateReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code talus state}: what a cluster is doing, in a few lines: its leader and Raft progress,
 * agents, frameworks and how many tasks are in each state. Exit codes: 0 printed, 1 the master
 * cannot be reached or there is no leader, 2 bad flags.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "Summarize a cluster: leader, Raft term and indexes, agents, frameworks and task counts.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:printed", "1:the master cannot be reached, or there is no leader", "2:bad flags"})
final class StateCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--master", required = true, description = "Any master, as HOST:PORT or a URL"
      + " (http://HOST:PORT); the leader is found from it.")
  String master;

  @Option(names = "--json", description = "Print the leader's /master/state as it is instead.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String asked = baseUrl(master);
    try {
      String leader = leader(asked);
      NodeHttp.Reply state = get(leader + "/master/state", "the leader at " + leader);
      if (state.status() != 200) {
        return fail(err, "the leader " + leader + " answered /master/state with " + state.status() + ": "
            + state.body().strip());
      }
      if (json) {
        out.println(state.body());
        out.flush();
        return 0;
      }
      StateReport.lines(leader, MAPPER.readTree(state.body()), raft(leader)).forEach(out::println);
      out.flush();
      return 0;
    } catch (NoLeader e) {
      return fail(err, e.getMessage());
    } catch (IOException e) {
      return fail(err, e.getMessage());
    }
  }

  /** The leader's base URL, from {@code /master/redirect} of the master asked. */
  private String leader(String asked) throws IOException, NoLeader {
    NodeHttp.Reply r = get(asked + "/master/redirect", "the master at " + asked);
    if (r.status() == 307 && r.location().isPresent()) {
      return baseUrl(URI.create(asked).resolve(r.location().get()).toString());
    }
    throw new NoLeader("no leader: " + asked + " answered /master/redirect with " + r.status()
        + (r.body().isBlank() ? "" : " (" + r.body().strip() + ")"));
  }

  private static Optional<JsonNode> raft(String leader) {
    try {
      NodeHttp.Reply r = NodeHttp.get(leader + "/master/raft");
      return r.status() == 200 ? Optional.of(MAPPER.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code host:port}, {@code host} or a URL (any path dropped) as {@code http://host:port}. */
  String baseUrl(String address) {
    String withScheme = address.contains("://") ? address : "http://" + address;
    URI uri;
    try {
      uri = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--master " + address + " is not HOST:PORT or a URL");
    }
    if (uri.getHost() == null) {
      throw new ParameterException(spec.commandLine(), "--master " + address + " is not HOST:PORT or a URL");
    }
    return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5050);
  }

  /** GET, an {@link IOException} saying who could not be reached and why. */
  private static NodeHttp.Reply get(String url, String who) throws IOException {
    try {
      return NodeHttp.get(url);
    } catch (IOException e) {
      throw new IOException("cannot reach " + who + ": " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    return message != null ? message : e.getClass().getSimpleName();
  }

  private static int fail(PrintWriter err, String message) {
    err.println("talus state: " + message);
    err.flush();
    return 1;
  }

  private static final class NoLeader extends Exception {
    NoLeader(String message) {
      super(message);
    }
  }
}
