package chatnode.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

/**
 * Which node stores a conversation's messages: the owner of the Hazelcast partition of its id.
 * Every node computes the same answer from the cluster's own partition table, which Hazelcast
 * moves when a node joins or leaves; so one node at a time sequences a room, and nodes do not
 * queue on each other's row locks for it. Ownership only routes: the store's row lock still keeps
 * seqs gapless while a partition moves and two nodes briefly store for one room.
 */
public final class Owners {
  private final HazelcastInstance hazelcast;
  private final String self;

  private Owners(HazelcastInstance hazelcast, String self) {
    this.hazelcast = hazelcast;
    this.self = self;
  }

  /** The owners of the cluster {@code started} belongs to; standalone, this node owns everything. */
  public static Owners of(Cluster.Started started) {
    return new Owners(started.manager() == null ? null : started.manager().getHazelcastInstance(), started.nodeId());
  }

  /**
   * The node id of {@code conversation}'s owner; this node's own while the partition has no owner
   * (the cluster is rearranging it) or the owner is not a node of ours.
   */
  public String of(String conversation) {
    if (hazelcast == null) {
      return self;
    }
    Member owner = hazelcast.getPartitionService().getPartition(conversation).getOwner();
    String node = owner == null ? null : owner.getAttribute(Membership.NODE_ID_ATTRIBUTE);
    return node == null ? self : node;
  }
}
