package io.talus.master.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RaftJsonTest {

  @Test
  void rendersThePeersViewWithPeersInIdOrder() throws Exception {
    assertThat(RaftJson.render(Views.raft(), true))
        .isEqualTo(
            new ObjectMapper()
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .readTree(
                    ("{'peer_id':'m1','leader_id':'m1','term':4,'commit_index':120,"
                            + "'applied_index':118,'log_start_index':101,'peers':["
                            + "{'id':'m1','address':'10.0.0.1:9872'},"
                            + "{'id':'m2','address':'10.0.0.2:9872'},"
                            + "{'id':'m3','address':'10.0.0.3:9872'}],'elected':true}")
                        .replace('\'', '"')));
  }

  @Test
  void noKnownLeaderLeavesLeaderIdOut() {
    RaftView raft = new RaftView("m2", Optional.empty(), 0, 0, 0, 1, Map.of("m2", "h:1"));

    assertThat(RaftJson.render(raft, false).has("leader_id")).isFalse();
    assertThat(RaftJson.render(raft, false).get("elected").booleanValue()).isFalse();
  }
}
