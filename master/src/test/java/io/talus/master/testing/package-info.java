/**
 * Fixtures for tests that run real masters on 127.0.0.1: {@link io.talus.master.testing.MasterCluster}
 * (N masters with test timeouts), {@link io.talus.master.testing.SchedulerClient} (a framework that
 * speaks the v1 scheduler API with plain HTTP) and {@link io.talus.master.testing.FakeAgent} (an agent
 * that speaks the real agent stream but runs nothing).
 */
package io.talus.master.testing;
