using Agora.Privacy.Detection;
using Agora.Privacy.Pseudonymisation;

namespace Agora.Privacy.Tests.Pseudonymisation;

public sealed class TreatmentPlanTests
{
    private static readonly Dictionary<string, ColumnKind> Schema = new()
    {
        ["name"] = ColumnKind.Text,
        ["dob"] = ColumnKind.Date,
        ["id"] = ColumnKind.Integer,
        ["amount"] = ColumnKind.Decimal,
    };

    [Fact]
    public void ParseMethod_KnowsTheContractNames()
    {
        foreach (var name in new[] { "hmac", "siv", "fpe", "token", "mask", "redact", "shift-date", "ip-prefix", "email-domain" })
        {
            Assert.Equal(name, TreatmentPlan.NameOf(TreatmentPlan.ParseMethod(name)));
        }
        var error = Assert.Throws<PseudonymisationException>(() => TreatmentPlan.ParseMethod("rot13"));
        Assert.Contains("email-domain", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amount", PseudonymisationMethod.Fpe, "amount' (decimal): fpe needs a text or whole-number column")]
    [InlineData("dob", PseudonymisationMethod.IpPrefix, "ip-prefix needs a text column")]
    [InlineData("missing", PseudonymisationMethod.Hmac, "column 'missing' is not in the input")]
    [InlineData("dob", PseudonymisationMethod.ShiftDate, "needs the subject column")]
    public void Validate_ExplainsWhatIsWrong(string column, PseudonymisationMethod method, string message)
    {
        var plan = new TreatmentPlan([new ColumnTreatment(column, method)]);
        var error = Assert.Throws<PseudonymisationException>(() => plan.Validate(Schema));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsAGoodPlan() =>
        new TreatmentPlan([new ColumnTreatment("name", PseudonymisationMethod.Hmac), new ColumnTreatment("dob", PseudonymisationMethod.ShiftDate, "id"),
            new ColumnTreatment("id", PseudonymisationMethod.Fpe)]).Validate(Schema);

    [Fact]
    public void Suggest_FollowsTheEntity()
    {
        ColumnFinding Finding(PiiEntity entity, bool text = false) => new("c", entity, 0.9, PiiNames.SuggestionFor(entity), 1, text, "");
        Assert.Equal(PseudonymisationMethod.EmailDomain, TreatmentPlan.Suggest(Finding(PiiEntity.EmailAddress), ColumnKind.Text));
        Assert.Equal(PseudonymisationMethod.IpPrefix, TreatmentPlan.Suggest(Finding(PiiEntity.IpAddress), ColumnKind.Text));
        Assert.Equal(PseudonymisationMethod.Hmac, TreatmentPlan.Suggest(Finding(PiiEntity.LuxembourgNationalId), ColumnKind.Integer));
        Assert.Equal(PseudonymisationMethod.Scrub, TreatmentPlan.Suggest(Finding(PiiEntity.EmailAddress, text: true), ColumnKind.Text));
        Assert.Null(TreatmentPlan.Suggest(Finding(PiiEntity.BirthDate), ColumnKind.Date));
    }
}
