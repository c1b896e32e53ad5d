package chatnode.cluster;

import chatnode.bus.Addresses;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the cluster's members, from Hazelcast's membership events: tells the
 * presence verticle when a member joins (or comes back) and when one is gone; refuses members that
 * run with another token secret; and knows when this node is cut off. Members that drain announce
 * it on {@link Addresses#NODE_LEAVING} first, so their leaving is not a loss. A node that loses
 * members nobody announced cannot tell whether they died or it was partitioned (or frozen) away
 * from them; it counts itself cut off, until a member joins it again, when what is left of its
 * cluster is a minority of what it had, or when it was itself frozen (its own clock jumped) long
 * enough to be dropped. So the survivor of two nodes, one of which died, stays ready; the one of
 * them that was frozen does not.
 */
final class Membership implements MembershipListener {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);
  /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  /** Announced departures not yet followed by the member's removal: a handful at a time, bounded against junk. */
  private static final int MAX_LEAVING = 1_000;
  private static final long TICK_MS = 250;
  /**
   * A tick this late means the process was stopped (SIGSTOP, a suspended VM, a long pause): the
   * cluster drops a member after 5 s without heartbeats, so a pause that got this node dropped is
   * longer than this.
   */
  private static final long PAUSE_NANOS = 4_000_000_000L;
  /** Losses this soon after such a pause were caused by it. */
  private static final long AFTER_PAUSE_NANOS = 10_000_000_000L;

  private final String fingerprint;
  private final Set<String> leaving = ConcurrentHashMap.newKeySet();
  private volatile Vertx vertx;
  private volatile boolean cutOff;
  /** The members of the cluster before the losses nobody announced. */
  private volatile int expected = 1;
  private volatile long lastTickNanos = System.nanoTime();
  private volatile long resumedNanos = System.nanoTime() - 2 * AFTER_PAUSE_NANOS;

  Membership(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  /** Once the clustered Vert.x exists: from then on, membership changes reach the node's verticles. */
  void attach(Vertx vertx) {
    this.vertx = vertx;
    lastTickNanos = System.nanoTime();
    vertx.setPeriodic(TICK_MS, t -> {
      long now = System.nanoTime();
      if (now - lastTickNanos > PAUSE_NANOS) {
        resumedNanos = now;
      }
      lastTickNanos = now;
    });
    vertx.eventBus().<String>consumer(Addresses.NODE_LEAVING, m -> {
      if (leaving.size() < MAX_LEAVING) {
        leaving.add(m.body());
      }
    });
  }

  boolean cutOff() {
    return cutOff;
  }

  /** The members among {@code members} that were started with another token secret. */
  List<Member> strangers(Collection<Member> members) {
    return members.stream().filter(m -> !fingerprint.equals(m.getAttribute(ClusterIdentity.FINGERPRINT_ATTRIBUTE))).toList();
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    Member member = event.getMember();
    if (!strangers(List.of(member)).isEmpty()) {
      log.error("member {} joined this cluster with another token secret: it belongs to another deployment and leaves again at once;"
          + " every node of a cluster must share its token secret, other deployments need their own cluster-name", member.getAddress());
      return;
    }
    if (cutOff) {
      log.info("member {} is back: this node is in its cluster again", member.getAddress());
    }
    cutOff = false;
    expected = event.getMembers().size();
    publish(Addresses.NODE_JOINED, member);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    Member member = event.getMember();
    String nodeId = member.getAttribute(NODE_ID_ATTRIBUTE);
    if (member.localMember() || !strangers(List.of(member)).isEmpty() || nodeId == null) {
      return;
    }
    boolean announced = leaving.remove(nodeId);
    int left = event.getMembers().size();
    // The cluster had at least this one more just now (a node that joined an existing cluster
    // hears of no member added before it).
    expected = Math.max(expected, left + 1);
    if (announced) {
      expected = left;
    } else if (!cutOff && (left * 2 < expected || wasPaused())) {
      cutOff = true;
      log.warn("member {} was lost and this node keeps {} of {} members{}: cut off from its cluster (not ready) until a member"
          + " joins it again", member.getAddress(), left, expected, wasPaused() ? " after it was itself paused" : "");
    }
    publish(Addresses.NODE_LEFT, member);
  }

  /** This process was stopped a moment ago (its ticks stopped), or is just resuming from it. */
  private boolean wasPaused() {
    long now = System.nanoTime();
    return now - lastTickNanos > PAUSE_NANOS || now - resumedNanos < AFTER_PAUSE_NANOS;
  }

  private void publish(String address, Member member) {
    String nodeId = member.getAttribute(NODE_ID_ATTRIBUTE);
    Vertx v = vertx;
    if (v != null && nodeId != null) {
      v.eventBus().publish(address, nodeId, Addresses.local());
    }
  }
}
