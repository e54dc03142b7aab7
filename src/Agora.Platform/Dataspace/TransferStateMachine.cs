namespace Agora.Platform.Dataspace;

/// <summary>The DSP transfer messages that move a transfer process.</summary>
public enum TransferMessage
{
    Request,
    Start,
    Suspension,
    Completion,
    Termination,
}

/// <summary>
/// The transfer process of DSP 2025-1 (dataspace.md §3): REQUESTED → STARTED ⇄ SUSPENDED → COMPLETED | TERMINATED.
/// Only the provider starts a requested transfer; either side suspends, resumes (start), completes or terminates.
/// Final states never change.
/// </summary>
public static class TransferStateMachine
{
    public static bool IsFinal(TransferState state) => state is TransferState.Completed or TransferState.Terminated;

    /// <summary>The next state, or null when the message is not allowed from <paramref name="from"/> by that side.</summary>
    public static TransferState? Next(TransferState from, TransferMessage message, DataspaceRole sender) => (from, message) switch
    {
        (TransferState.Requested, TransferMessage.Start) when sender == DataspaceRole.Provider => TransferState.Started,
        (TransferState.Suspended, TransferMessage.Start) => TransferState.Started,
        (TransferState.Started, TransferMessage.Suspension) => TransferState.Suspended,
        (TransferState.Started or TransferState.Suspended, TransferMessage.Completion) => TransferState.Completed,
        (TransferState.Requested or TransferState.Started or TransferState.Suspended, TransferMessage.Termination) => TransferState.Terminated,
        _ => null,
    };

    public static string Name(TransferState state) => state.ToString().ToUpperInvariant();
}
