package io.talus.cli.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints the tail of every watched agent's log when a test fails, right after the test method and
 * before any clean-up, into the test's output (surefire keeps it in
 * {@code target/surefire-reports/<class>-output.txt}).
 */
final class AgentLogsOnFailure implements AfterTestExecutionCallback {

  private static final int LINES = 150;

  private final List<AgentProcess> agents = new CopyOnWriteArrayList<>();

  AgentProcess watch(AgentProcess agent) {
    agents.add(agent);
    return agent;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      print(context.getDisplayName() + " failed");
    }
  }

  /** Prints the log tail of every watched agent, headed by {@code what} happened. */
  void print(String what) {
    for (AgentProcess agent : agents) {
      System.out.println("==== " + what + "; last " + LINES + " lines of the agent at "
          + agent.endpoint() + " (running: " + agent.running() + ")\n" + agent.logTail(LINES) + "\n==== end of agent log");
    }
  }
}
