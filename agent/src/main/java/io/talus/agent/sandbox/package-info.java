/**
 * Where an agent keeps things on disk, laid out exactly as a Mesos agent does under its
 * {@code --work_dir}, so that operators' habits, the {@code /files} API and tools written for
 * Mesos sandboxes keep working: run directories, their {@code runs/latest} links and the
 * checkpoint ({@code meta}) tree used for recovery.
 */
package io.talus.agent.sandbox;
