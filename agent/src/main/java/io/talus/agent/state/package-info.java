/** Immutable views of the agent's state, published by the agent loop for its HTTP endpoints. */
package io.talus.agent.state;
