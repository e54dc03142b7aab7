namespace Agora.Web.Notifications;

/// <summary>Tells the components of one request that the signed-in person's notifications changed while it was handled.
/// A server-rendered form is handled after the whole page (header included) has loaded, so the header's unread count
/// was read before "Mark as read" changed it; it listens here and reads the count again.</summary>
public sealed class NotificationsChanged
{
    /// <summary>Raised after a notification was marked read (or otherwise changed) in this request.</summary>
    public event Func<Task>? Changed;

    public async Task RaiseAsync()
    {
        if (Changed is { } changed)
        {
            foreach (var listener in changed.GetInvocationList().Cast<Func<Task>>())
            {
                await listener();
            }
        }
    }
}
