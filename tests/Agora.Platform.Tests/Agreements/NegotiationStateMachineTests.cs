using Agora.Platform.Agreements;

namespace Agora.Platform.Tests.Agreements;

public sealed class NegotiationStateMachineTests
{
    [Fact]
    public void FinalStates_HaveNoWayOut()
    {
        foreach (var final in new[] { NegotiationState.Finalized, NegotiationState.Terminated })
        {
            Assert.DoesNotContain(NegotiationStateMachine.Transitions, t => t.From == final);
        }
    }

    [Fact]
    public void EveryOpenState_CanBeTerminatedByEitherSide()
    {
        foreach (var state in Enum.GetValues<NegotiationState>().Where(s => !NegotiationStateMachine.IsFinal(s)))
        {
            foreach (var party in Enum.GetValues<NegotiationParty>())
            {
                Assert.Equal(NegotiationState.Terminated, NegotiationStateMachine.Next(state, NegotiationMessage.Termination, party));
            }
        }
    }

    [Fact]
    public void TheHappyPath_FollowsTheDataspaceProtocol()
    {
        var state = NegotiationStateMachine.Next(null, NegotiationMessage.ContractRequest, NegotiationParty.Consumer);
        state = NegotiationStateMachine.Next(state, NegotiationMessage.ContractOffer, NegotiationParty.Provider);
        state = NegotiationStateMachine.Next(state, NegotiationMessage.Accepted, NegotiationParty.Consumer);
        state = NegotiationStateMachine.Next(state, NegotiationMessage.ContractAgreement, NegotiationParty.Provider);
        state = NegotiationStateMachine.Next(state, NegotiationMessage.AgreementVerification, NegotiationParty.Consumer);
        Assert.Equal(NegotiationState.Finalized, NegotiationStateMachine.Next(state, NegotiationMessage.Finalized, NegotiationParty.Provider));
    }

    [Theory]
    [InlineData(NegotiationState.Requested, NegotiationMessage.Accepted, NegotiationParty.Consumer)]
    [InlineData(NegotiationState.Requested, NegotiationMessage.ContractAgreement, NegotiationParty.Consumer)]
    [InlineData(NegotiationState.Agreed, NegotiationMessage.Finalized, NegotiationParty.Provider)]
    [InlineData(NegotiationState.Finalized, NegotiationMessage.Termination, NegotiationParty.Provider)]
    public void IllegalMoves_AreConflictsThatNameTheState(NegotiationState from, NegotiationMessage message, NegotiationParty sender)
    {
        var error = Assert.Throws<PlatformException>(() => NegotiationStateMachine.Next(from, message, sender));
        Assert.Equal(PlatformError.Conflict, error.Error);
        Assert.Contains(NegotiationStateMachine.Name(from), error.Message, StringComparison.Ordinal);
    }
}
