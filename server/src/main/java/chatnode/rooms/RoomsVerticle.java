package chatnode.rooms;

import chatnode.bus.Addresses;
import chatnode.bus.Replies;
import chatnode.config.NodeConfig;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rooms and who belongs to them: one instance per node, answering {@link chatnode.bus.RoomRequests} from its store. */
public final class RoomsVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RoomsVerticle.class);

  private final Store store;
  private final NodeConfig config;

  public RoomsVerticle(Store store, NodeConfig config) {
    this.store = store;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    RoomReads reads = new RoomReads(vertx, store);
    RoomChanges changes = new RoomChanges(vertx, store, config);
    return Future.all(List.of(
        Replies.serve(vertx, Addresses.ROOMS_CREATE, changes::create, log),
        Replies.serve(vertx, Addresses.ROOMS_UPDATE, changes::update, log),
        Replies.serve(vertx, Addresses.ROOMS_ADD, changes::add, log),
        Replies.serve(vertx, Addresses.ROOMS_ROLE, changes::setRole, log),
        Replies.serve(vertx, Addresses.ROOMS_REMOVE, changes::remove, log),
        Replies.serve(vertx, Addresses.ROOMS_JOIN, changes::join, log),
        Replies.serve(vertx, Addresses.ROOMS_READ, changes::markRead, log),
        Replies.serve(vertx, Addresses.ROOMS_DETAILS, reads::details, log),
        Replies.serve(vertx, Addresses.ROOMS_DIRECTORY, reads::directory, log),
        Replies.serve(vertx, Addresses.ROOMS_MEMBERS, reads::members, log),
        Replies.serve(vertx, Addresses.ROOMS_MINE, reads::mine, log),
        Replies.serve(vertx, Addresses.ROOMS_DIRECTS, reads::directs, log)));
  }
}
