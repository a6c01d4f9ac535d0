/** The agent's side of the agent stream: finding the leading master and talking to it. */
package io.talus.agent.master;
