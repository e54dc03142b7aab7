namespace Agora.Platform.Agreements;

/// <summary>The states of a contract negotiation, exactly those of the Dataspace Protocol 2025-1, so a DSP endpoint can
/// expose a negotiation without translating it.</summary>
public enum NegotiationState
{
    Requested = 0,
    Offered = 1,
    Accepted = 2,
    Agreed = 3,
    Verified = 4,
    Finalized = 5,
    Terminated = 6,
}

/// <summary>The DSP message (or event) that moves a negotiation.</summary>
public enum NegotiationMessage
{
    /// <summary>ContractRequestMessage: the consumer asks (first request or counter-request).</summary>
    ContractRequest,

    /// <summary>ContractOfferMessage: the provider offers (first offer or counter-offer).</summary>
    ContractOffer,

    /// <summary>ContractNegotiationEventMessage ACCEPTED: the consumer accepts the provider's offer.</summary>
    Accepted,

    /// <summary>ContractAgreementMessage: the provider sends the signed agreement.</summary>
    ContractAgreement,

    /// <summary>ContractAgreementVerificationMessage: the consumer confirms the agreement it received.</summary>
    AgreementVerification,

    /// <summary>ContractNegotiationEventMessage FINALIZED: the provider closes the negotiation; the agreement is in force.</summary>
    Finalized,

    /// <summary>ContractNegotiationTerminationMessage: either side ends the negotiation.</summary>
    Termination,
}

public enum NegotiationParty
{
    Consumer,
    Provider,
}

/// <summary>One allowed move: from a state (null: the negotiation does not exist yet), on a message sent by a party.</summary>
public sealed record NegotiationTransition(NegotiationState? From, NegotiationMessage Message, NegotiationParty Sender, NegotiationState To);

/// <summary>
/// The transition table of the DSP contract negotiation (dataspace.md §3): REQUESTED ⇄ OFFERED → ACCEPTED → AGREED →
/// VERIFIED → FINALIZED, TERMINATED from any state that is not final, by either side. Every change of a negotiation goes
/// through <see cref="Next"/>; final states never change.
/// </summary>
public static class NegotiationStateMachine
{
    private static readonly NegotiationState[] Open =
        [NegotiationState.Requested, NegotiationState.Offered, NegotiationState.Accepted, NegotiationState.Agreed, NegotiationState.Verified];

    public static IReadOnlyList<NegotiationTransition> Transitions { get; } =
    [
        new(null, NegotiationMessage.ContractRequest, NegotiationParty.Consumer, NegotiationState.Requested),
        new(null, NegotiationMessage.ContractOffer, NegotiationParty.Provider, NegotiationState.Offered),
        new(NegotiationState.Offered, NegotiationMessage.ContractRequest, NegotiationParty.Consumer, NegotiationState.Requested),
        new(NegotiationState.Requested, NegotiationMessage.ContractOffer, NegotiationParty.Provider, NegotiationState.Offered),
        new(NegotiationState.Offered, NegotiationMessage.Accepted, NegotiationParty.Consumer, NegotiationState.Accepted),
        new(NegotiationState.Requested, NegotiationMessage.ContractAgreement, NegotiationParty.Provider, NegotiationState.Agreed),
        new(NegotiationState.Accepted, NegotiationMessage.ContractAgreement, NegotiationParty.Provider, NegotiationState.Agreed),
        new(NegotiationState.Agreed, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer, NegotiationState.Verified),
        new(NegotiationState.Verified, NegotiationMessage.Finalized, NegotiationParty.Provider, NegotiationState.Finalized),
        .. Open.SelectMany(state => new NegotiationTransition[]
        {
            new(state, NegotiationMessage.Termination, NegotiationParty.Consumer, NegotiationState.Terminated),
            new(state, NegotiationMessage.Termination, NegotiationParty.Provider, NegotiationState.Terminated),
        }),
    ];

    public static bool IsFinal(NegotiationState state) => state is NegotiationState.Finalized or NegotiationState.Terminated;

    public static bool Allows(NegotiationState? from, NegotiationMessage message, NegotiationParty sender) =>
        Transitions.Any(t => t.From == from && t.Message == message && t.Sender == sender);

    /// <summary>The state after the message, or a 409 naming what is not allowed.</summary>
    public static NegotiationState Next(NegotiationState? from, NegotiationMessage message, NegotiationParty sender)
    {
        var transition = Transitions.FirstOrDefault(t => t.From == from && t.Message == message && t.Sender == sender);
        if (transition is not null)
        {
            return transition.To;
        }
        var state = from is null ? "a new negotiation" : $"a negotiation that is {Name(from.Value)}";
        throw new PlatformException(PlatformError.Conflict,
            $"{Describe(message)} from the {sender.ToString().ToLowerInvariant()} is not allowed for {state}.");
    }

    public static string Name(NegotiationState state) => state.ToString().ToUpperInvariant();

    public static string Describe(NegotiationMessage message) => message switch
    {
        NegotiationMessage.ContractRequest => "A request",
        NegotiationMessage.ContractOffer => "An offer",
        NegotiationMessage.Accepted => "Accepting",
        NegotiationMessage.ContractAgreement => "An agreement",
        NegotiationMessage.AgreementVerification => "Verifying the agreement",
        NegotiationMessage.Finalized => "Finalising",
        _ => "Terminating",
    };
}
