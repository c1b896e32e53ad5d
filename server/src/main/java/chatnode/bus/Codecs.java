package chatnode.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Codecs of the records that travel on the local bus. They are immutable, so a local send hands
 * over the same instance: nothing is copied or serialised. They never cross nodes (cluster
 * traffic is JSON text), so the wire methods refuse.
 */
public final class Codecs {
  private Codecs() {}

  public static void register(EventBus bus) {
    for (Class<?> type : new Class<?>[] {Draft.class, Stored.class, HistoryQuery.class, HistoryPage.class,
        Interest.class, Delivery.class, ProfileRequests.Register.class, ProfileRequests.Login.class,
        ProfileRequests.Admit.class, ProfileRequests.Read.class, ProfileRequests.Update.class,
        AdminRequests.OnUser.class, AdminRequests.DeleteMessage.class, AdminRequests.Audit.class, PresenceQueries.Status.class,
        PresenceQueries.Absent.class, PresenceChange.Opened.class, PresenceChange.Closed.class, PresenceChange.Joined.class, PresenceChange.Left.class,
        PresenceChange.Members.class, RoomRequests.Create.class, RoomRequests.Details.class, RoomRequests.Update.class,
        RoomRequests.Directory.class, RoomRequests.Members.class, RoomRequests.AddMember.class, RoomRequests.SetRole.class,
        RoomRequests.RemoveMember.class, RoomRequests.Join.class, RoomRequests.MyRooms.class, RoomRequests.MyDirects.class,
        RoomRequests.MarkRead.class, SearchQuery.class, Change.class, ChangeRequests.Edit.class,
        ChangeRequests.Delete.class, ChangeRequests.React.class, ChangeRequests.Read.class, ChangeRequests.Page.class}) {
      register(bus, type);
    }
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new LocalOnly<>(type.getName()));
  }

  private record LocalOnly<T>(String name) implements MessageCodec<T, T> {
    @Override
    public void encodeToWire(Buffer buffer, T value) {
      throw new UnsupportedOperationException(name + " is local to a node");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException(name + " is local to a node");
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
