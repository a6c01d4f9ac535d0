package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.testing.Http;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateReportTest {

  private static JsonNode json(String text) throws Exception {
    return Http.MAPPER.readTree(text.replace('\'', '"'));
  }

  /** The unacknowledged TASK_FAILED of t1 is both in tasks and in completed_tasks; it counts once. */
  @Test
  void aClusterInAFewLines() throws Exception {
    JsonNode state = json("""
        {'id':'m2','leader_info':{'id':'m2','port':5051},'cluster':'c1','unreachable_slaves':1.0,
         'slaves':[{'id':'c1-S0','hostname':'127.0.0.1','active':true,
                    'resources':{'cpus':2.0,'mem':2048.0,'disk':10000.0,'gpus':0.0,'ports':'[31000-31099]'}}],
         'frameworks':[{'id':'c1-0001','name':'web','active':true,
                        'tasks':[{'id':'t1','state':'TASK_RUNNING'},{'id':'t2','state':'TASK_RUNNING'},
                                 {'id':'t3','state':'TASK_STAGING'}],
                        'unreachable_tasks':[{'id':'t4','state':'TASK_UNREACHABLE'}],
                        'completed_tasks':[{'id':'t9','state':'TASK_FINISHED'}]},
                       {'id':'c1-0002','name':'batch','active':false,'tasks':[{'id':'t1','state':'TASK_FAILED'}],
                        'completed_tasks':[{'id':'t1','state':'TASK_FAILED'},{'id':'t0','state':'TASK_FAILED'}]}],
         'completed_frameworks':[{'id':'c1-0000'}]}""");
    JsonNode raft = json("""
        {'peer_id':'m2','leader_id':'m2','term':3,'commit_index':120,'applied_index':119,
         'peers':[{'id':'m1','address':'127.0.0.1:6050'},{'id':'m2','address':'127.0.0.1:6051'}]}""");

    assertThat(StateReport.lines("http://127.0.0.1:5051", state, Optional.of(raft))).containsExactly(
        "leader:     m2 at http://127.0.0.1:5051",
        "raft:       term 3, commit index 120, applied index 119",
        "peers:      m1 127.0.0.1:6050, m2 127.0.0.1:6051",
        "cluster:    c1",
        "agents:     1 active, 1 unreachable",
        "  c1-S0  127.0.0.1  active  cpus:2;mem:2048;disk:10000;ports:[31000-31099]",
        "frameworks: 1 active, 1 inactive, 1 completed",
        "  c1-0001  web  active  tasks: TASK_FINISHED 1, TASK_RUNNING 2, TASK_STAGING 1, TASK_UNREACHABLE 1 (total 5)",
        "  c1-0002  batch  inactive  tasks: TASK_FAILED 2 (total 2)",
        "tasks:      TASK_FAILED 2, TASK_FINISHED 1, TASK_RUNNING 2, TASK_STAGING 1, TASK_UNREACHABLE 1 (total 7)");
  }

  @Test
  void anEmptyClusterAndNoRaftView() throws Exception {
    JsonNode state = json("{'id':'m1','leader_info':{'id':'m1'},'slaves':[],'frameworks':[],'unreachable_slaves':0.0}");

    assertThat(StateReport.lines("http://h:5050", state, Optional.empty())).containsExactly(
        "leader:     m1 at http://h:5050",
        "raft:       unknown (the leader's /master/raft did not answer)",
        "agents:     0 active, 0 unreachable",
        "frameworks: 0 active, 0 inactive, 0 completed",
        "tasks:      none (total 0)");
  }
}
