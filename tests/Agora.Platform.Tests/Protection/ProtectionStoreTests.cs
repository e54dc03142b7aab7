using System.Text;
using Agora.Data.Storage;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Keys;
using Agora.Platform.Linkage;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Platform.Protection;
using Agora.Platform.Publishing;
using Agora.Platform.Tests.Metadata;
using Agora.Privacy.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agora.Platform.Tests.Protection;

public sealed class ProtectionStoreTests
{
    private static readonly ProtectionRequest FullProtection = new()
    {
        Columns = [new("matricule", "siv"), new("email", "email-domain"), new("nom", "token")],
        Anonymisation = new AnonymisationInput
        {
            QuasiIdentifiers = [new("date_de_naissance", "date:year,decade"), new("code_postal", "mask:1"), new("sexe", "suppress")],
            Sensitive = ["diagnostic"],
            K = 3,
            LDiversity = "distinct:2",
            Suppression = 0.1,
        },
    };

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Ingestion_IsFollowedByDetection_ThatSuggestsATreatmentPerColumn(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(200), "Patients");

        var steward = await scenario.ActorAsync(scenario.StewardId);
        var detection = await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .DetectionAsync(steward, dataset, dataset.Versions.Single(), CancellationToken.None));
        Assert.NotNull(detection);
        var byColumn = detection.Columns.ToDictionary(c => c.Column);
        Assert.Equal(("lu_national_id", ColumnRole.Pseudonymise, "hmac"), (byColumn["matricule"].Entity, byColumn["matricule"].Role, byColumn["matricule"].Method));
        Assert.Equal(("email_address", ColumnRole.Pseudonymise, "email-domain"), (byColumn["email"].Entity, byColumn["email"].Role, byColumn["email"].Method));
        Assert.Equal(ColumnRole.QuasiIdentifier, byColumn["date_de_naissance"].Role);
        Assert.StartsWith("date:", byColumn["date_de_naissance"].Builder, StringComparison.Ordinal);
        Assert.Equal(("postcode", ColumnRole.QuasiIdentifier, "mask:1"), (byColumn["code_postal"].Entity, byColumn["code_postal"].Role, byColumn["code_postal"].Builder));
        Assert.Equal(ColumnRole.Sensitive, byColumn["diagnostic"].Role);
        Assert.True(byColumn["matricule"].Confidence >= 0.9);

        // Another organisation's members do not see the findings.
        var outsiderId = await scenario.Store.CreateUserAsync("someone@else.example");
        await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(async s => await s.GetRequiredService<ProtectionService>()
            .DetectionAsync(await scenario.ActorAsync(outsiderId), dataset, dataset.Versions.Single(), CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Protect_PseudonymisesAndAnonymises_IntoAnEncryptedDerivedVersionWithLineage(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(300), "Patients");
        var steward = await scenario.ActorAsync(scenario.StewardId);
        var source = dataset.Versions.Single();
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().RequestProtectionAsync(steward, dataset, source, FullProtection, CancellationToken.None));
        var jobs = await scenario.RunJobsAsync();
        Assert.DoesNotContain(jobs, j => j.State == JobState.Failed);

        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        var derived = dataset.Versions.Single(v => v.Number == 2);
        Assert.Equal(source.Id, derived.DerivedFromId);
        // Like an uploaded version, the derived one is profiled and sketched (quality, partners, "data wanted" matches).
        Assert.True(await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().Set<Agora.Platform.Profiling.VersionProfile>()
            .AnyAsync(p => p.VersionId == derived.Id && p.HasSketch)));
        Assert.True(VersionAccess.IsProtectedSource(dataset, source));
        var derivation = ProtectionService.DerivationOf(derived)!;
        Assert.Equal(ProtectionDerivation.ProtectKind, derivation.Kind);
        Assert.Equal(["matricule=siv", "email=email-domain", "nom=token"], derivation.Pseudonymisation!.Columns.Select(c => $"{c.Column}={c.Method}"));
        Assert.Equal(3, derivation.Anonymisation!.QuasiIdentifiers.Count);
        Assert.True(derivation.RiskAfter!.Prosecutor.Highest <= 1.0 / 3 + 1e-9);
        Assert.True(derivation.RiskBefore!.Prosecutor.Highest > derivation.RiskAfter.Prosecutor.Highest);

        // The lineage never holds key material: no wrapped key of the store appears in it.
        var wrappedKeys = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().DomainKeys.Select(k => k.WrappedKey).ToListAsync());
        Assert.NotEmpty(wrappedKeys);
        foreach (var key in wrappedKeys.Append(derived.WrappedKey).Append(source.WrappedKey))
        {
            Assert.DoesNotContain(key.Split('.')[1][..16], derived.Derivation!, StringComparison.Ordinal);
        }

        var original = await scenario.RowsAsync(source);
        var rows = await scenario.RowsAsync(derived);
        Assert.Equal(original.Count, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("s1.", r["matricule"], StringComparison.Ordinal));
        Assert.All(rows, r => Assert.EndsWith("@post.lu", r["email"], StringComparison.Ordinal));
        Assert.All(rows, r => Assert.StartsWith("tk_", r["nom"], StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => original.Any(o => o["matricule"] == r["matricule"]));
        // Every released class of quasi-identifiers has at least k = 3 records and 2 diagnoses.
        var released = rows.Where(r => r["sexe"] != "*").GroupBy(r => (r["date_de_naissance"], r["code_postal"], r["sexe"])).ToList();
        Assert.NotEmpty(released);
        Assert.All(released, g => Assert.True(g.Count() >= 3));
        Assert.All(released, g => Assert.True(g.Select(r => r["diagnostic"]).Distinct().Count() >= 2));

        // The stored file is encrypted: without the key DuckDB cannot read it.
        var path = await scenario.Store.WithAsync(s => Task.FromResult(s.GetRequiredService<DataPlane>().Store.PathOf(derived.ContentHash)));
        var plain = await File.ReadAllBytesAsync(path);
        Assert.DoesNotContain("@post.lu", Encoding.Latin1.GetString(plain), StringComparison.Ordinal);

        // The builders are saved for the next version; the risk of both versions is recorded; the protection is audited.
        var saved = await scenario.Store.WithAsync(s => s.GetRequiredService<HierarchyLibrary>().ListAsync(dataset.Id, CancellationToken.None));
        Assert.Equal(["code_postal", "date_de_naissance", "sexe"], saved.Select(h => h.Attribute));
        var risk = await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().RiskAsync(steward, dataset, derived, CancellationToken.None));
        Assert.Equal(derivation.RiskAfter.Records, risk!.Report.Records);
        var audit = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().AuditEntries.Where(e => e.Action == "protection.protected").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Contains("matricule=siv", entry.Details, StringComparison.Ordinal);
        Assert.Contains("keyGeneration", entry.Details, StringComparison.Ordinal);
        // The derived version was scanned too.
        Assert.NotNull(await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().DetectionAsync(steward, dataset, derived, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Reidentify_NeedsAGrant_AndEveryAttemptIsAudited(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(120), "Patients");
        var steward = await scenario.ActorAsync(scenario.StewardId);
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, dataset, dataset.Versions.Single(), FullProtection with { Anonymisation = null }, CancellationToken.None));
        await scenario.RunJobsAsync();
        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        var source = dataset.Versions.Single(v => v.Number == 1);
        var derived = dataset.Versions.Single(v => v.Number == 2);
        Assert.Equal(["matricule", "nom"], ReidentificationService.ReversibleColumns(derived).Select(c => c.Column));

        async Task<string> ReverseAsync(Actor actor, ReidentifyRequest request)
        {
            using var output = new MemoryStream();
            await scenario.Store.WithAsync(s => s.GetRequiredService<ReidentificationService>()
                .ReidentifyAsync(actor, dataset, derived, request, ExportFormat.Csv, output, CancellationToken.None));
            return Encoding.UTF8.GetString(output.ToArray());
        }

        // A steward (and the admin, who manages grants) cannot reverse without the explicit permission.
        var admin = await scenario.ActorAsync(scenario.AdminId);
        foreach (var actor in new[] { steward, admin })
        {
            var refused = await Assert.ThrowsAsync<PlatformException>(() => ReverseAsync(actor, new ReidentifyRequest()));
            Assert.Equal(PlatformError.Forbidden, refused.Error);
        }
        // Only an admin gives it.
        await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<ReidentificationService>()
            .GrantAsync(steward, scenario.Hospital.Id, dataset.Id, "steward@hospital.example", CancellationToken.None)));
        var grant = await scenario.Store.WithAsync(s => s.GetRequiredService<ReidentificationService>()
            .GrantAsync(admin, scenario.Hospital.Id, dataset.Id, "steward@hospital.example", CancellationToken.None));

        // A token without the manage scope is still refused.
        var readOnly = new Actor(steward.UserId, steward.DisplayName, false, steward.Roles, TokenScopes.Read | TokenScopes.Publish);
        Assert.Equal(PlatformError.Forbidden, (await Assert.ThrowsAsync<PlatformException>(() => ReverseAsync(readOnly, new ReidentifyRequest()))).Error);

        var original = await scenario.RowsAsync(source);
        var pseudonymised = await scenario.RowsAsync(derived);
        var everything = await ReverseAsync(steward, new ReidentifyRequest());
        foreach (var row in original)
        {
            Assert.Contains(row["matricule"]! + ",", everything, StringComparison.Ordinal);
        }
        Assert.Contains("Anna Muller", everything, StringComparison.Ordinal);
        // Only the pseudonyms asked for.
        var one = await ReverseAsync(steward, new ReidentifyRequest(["matricule"], [pseudonymised[5]["matricule"]!]));
        var lines = one.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(original[5]["matricule"]!, lines[1], StringComparison.Ordinal);

        await scenario.Store.WithAsync(async s =>
        {
            await s.GetRequiredService<ReidentificationService>().RevokeAsync(admin, scenario.Hospital.Id, grant.Id, CancellationToken.None);
            return 0;
        });
        await Assert.ThrowsAsync<PlatformException>(() => ReverseAsync(steward, new ReidentifyRequest()));

        var entries = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().AuditEntries.OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["reidentification.refused", "reidentification.refused", "reidentification.granted", "reidentification.refused",
            "reidentification.performed", "reidentification.performed", "reidentification.revoked", "reidentification.refused"],
            entries.Select(e => e.Action).Where(a => a.StartsWith("reidentification", StringComparison.Ordinal)));
        var performed = entries.First(e => e.Action == "reidentification.performed");
        Assert.Contains("matricule=siv", performed.Details, StringComparison.Ordinal);
        // Never values or keys in the log.
        Assert.DoesNotContain(entries, e => original.Any(o => e.Details.Contains(o["matricule"]!, StringComparison.Ordinal)));
        var verification = await scenario.Store.WithAsync(s => s.GetRequiredService<Agora.Platform.Audit.AuditVerifier>().VerifyAsync(CancellationToken.None));
        Assert.True(verification.Valid, verification.Problem);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Keys_RotationChangesNewPseudonyms_AndRewrapLetsTheOldMasterKeyGo(MetadataProvider provider)
    {
        var first = KeyRing.GenerateText(1);
        await using var scenario = await ProtectionScenario.CreateAsync(provider, first);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(50), "Patients");
        var steward = await scenario.ActorAsync(scenario.StewardId);
        var request = new ProtectionRequest { Columns = [new("matricule", "siv"), new("email", "hmac")] };
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().RequestProtectionAsync(steward, dataset, dataset.Versions.Single(), request, CancellationToken.None));
        await scenario.RunJobsAsync();
        var domain = await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().RotateDatasetKeyAsync(steward, dataset, CancellationToken.None));
        Assert.Equal(2, domain.CurrentGeneration);
        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, dataset, dataset.Versions.Single(v => v.Number == 1), request, CancellationToken.None));
        await scenario.RunJobsAsync();
        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        var before = await scenario.RowsAsync(dataset.Versions.Single(v => v.Number == 2));
        var after = await scenario.RowsAsync(dataset.Versions.Single(v => v.Number == 3));
        Assert.NotEqual(before[0]["email"], after[0]["email"]);
        Assert.StartsWith("s1.", before[0]["matricule"], StringComparison.Ordinal);
        Assert.StartsWith("s2.", after[0]["matricule"], StringComparison.Ordinal);

        // The master key ring gains version 2; re-wrapping moves every domain key to it, after which version 1 can go.
        var second = KeyRing.GenerateText(2);
        string Pseudonym(PseudonymisationKeyStore keys, PseudonymisationDomain d)
        {
            using var chain = keys.Open(d, 1);
            using var hmac = new Agora.Privacy.Pseudonymisation.KeyedPseudonymiser(chain.Current.KeyFor(Agora.Privacy.Pseudonymisation.KeyPurpose.Hmac));
            return hmac.Pseudonymise("x");
        }
        var expected = await scenario.Store.WithAsync(s => Task.FromResult(Pseudonym(s.GetRequiredService<PseudonymisationKeyStore>(), domain)));
        var rewrapped = await scenario.Store.WithAsync(async s =>
        {
            using var both = new PlatformKeys(Options.Create(new PlatformOptions { MasterKey = first + "," + second }), NullLogger<PlatformKeys>.Instance);
            var keys = new PseudonymisationKeyStore(s.GetRequiredService<AgoraDbContext>(), both, s.GetRequiredService<Agora.Platform.Audit.AuditLog>(), TimeProvider.System);
            return await keys.RewrapAllAsync(scenario.AdminId, CancellationToken.None);
        });
        Assert.Equal(2, rewrapped);
        var actual = await scenario.Store.WithAsync(async s =>
        {
            using var onlySecond = new PlatformKeys(Options.Create(new PlatformOptions { MasterKey = second }), NullLogger<PlatformKeys>.Instance);
            var keys = new PseudonymisationKeyStore(s.GetRequiredService<AgoraDbContext>(), onlySecond, s.GetRequiredService<Agora.Platform.Audit.AuditLog>(), TimeProvider.System);
            var reloaded = await keys.FindAsync(domain.Id, CancellationToken.None);
            Assert.All(reloaded!.Keys, k => Assert.Equal(2, k.RingVersion));
            return Pseudonym(keys, reloaded);
        });
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hierarchy_UploadedFile_IsSealed_AndUsedOnTheNextVersion(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(60), "Patients");
        var steward = await scenario.ActorAsync(scenario.StewardId);
        var diagnoses = string.Join("\n", ProtectionScenario.Diagnoses.Select(d => $"{d};{(d is "asthma" or "influenza" ? "respiratory" : "other")};*"));
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().SaveHierarchyAsync(steward, dataset, "diagnostic", null, diagnoses, CancellationToken.None));
        var saved = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().SavedHierarchies.SingleAsync());
        Assert.Equal((HierarchySource.Uploaded, 2, 6), (saved.Source, saved.Levels, saved.Values));
        Assert.DoesNotContain("asthma", saved.SealedContent!, StringComparison.Ordinal);

        // A second version: the saved hierarchy generalises it without being named again.
        dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(60, seed: 8), "Patients", dataset.Id);
        var request = new ProtectionRequest
        {
            Anonymisation = new AnonymisationInput { QuasiIdentifiers = [new("diagnostic"), new("sexe", "suppress")], K = 2 },
        };
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, dataset, dataset.Versions.Single(v => v.Number == 2), request, CancellationToken.None));
        Assert.DoesNotContain(await scenario.RunJobsAsync(), j => j.State == JobState.Failed);
        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        var derivation = ProtectionService.DerivationOf(dataset.Versions.Single(v => v.Number == 3))!;
        Assert.Equal("uploaded", derivation.Anonymisation!.QuasiIdentifiers.Single(q => q.Column == "diagnostic").Hierarchy);

        // A quasi-identifier with neither builder nor saved hierarchy is refused before anything runs.
        var missing = await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, dataset, dataset.Versions.Single(v => v.Number == 2),
                new ProtectionRequest { Anonymisation = new AnonymisationInput { QuasiIdentifiers = [new("code_postal")] } }, CancellationToken.None)));
        Assert.Contains("quasiIdentifiers:code_postal", missing.Fields!.Keys);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Protect_BadRequest_IsRefusedWithEveryProblemNamed(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(20), "Patients");
        var steward = await scenario.ActorAsync(scenario.StewardId);
        var request = new ProtectionRequest
        {
            Columns = [new("nope", "hmac"), new("email", "shift-date"), new("sexe", "teleport")],
            Anonymisation = new AnonymisationInput { QuasiIdentifiers = [new("email", "interval:5")], K = 500, Suppression = 2, Metric = "speed" },
        };
        var error = await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, dataset, dataset.Versions.Single(), request, CancellationToken.None)));
        Assert.Equal(PlatformError.Validation, error.Error);
        foreach (var field in new[] { "columns:nope", "columns:sexe", "quasiIdentifiers:email", "k", "suppression", "metric" })
        {
            Assert.Contains(field, error.Fields!.Keys);
        }
        // An analyst may see findings but not protect.
        var analyst = await scenario.ActorAsync(scenario.AnalystId);
        var forbidden = await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(analyst, dataset, dataset.Versions.Single(), FullProtection, CancellationToken.None)));
        Assert.Equal(PlatformError.Forbidden, forbidden.Error);
        // Constraints no transformation can meet fail the job with a message, and store nothing.
        var impossible = new ProtectionRequest { Anonymisation = new AnonymisationInput { QuasiIdentifiers = [new("matricule", "suppress")], K = 20, LDiversity = "distinct:6", Sensitive = ["diagnostic"] } };
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().RequestProtectionAsync(steward, dataset, dataset.Versions.Single(), impossible, CancellationToken.None));
        var failed = (await scenario.RunJobsAsync()).Single(j => j.Kind == ProtectionService.ProtectJobKind);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Single((await scenario.DatasetAsync(scenario.StewardId, dataset.Id)).Versions);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Linkage_TwoOrganisations_JoinByPseudonymWithoutSeeingIdentifiers(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        var insurerAdminId = await scenario.Store.CreateUserAsync("admin@insurer.example");
        var insurer = await scenario.CreateOrganisationAsync("insurer", insurerAdminId);
        var outsiderId = await scenario.Store.CreateUserAsync("admin@other.example");
        await scenario.CreateOrganisationAsync("other", outsiderId);
        // People 0–99 at the hospital, 60–159 at the insurer: 40 in common.
        var hospitalData = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, ProtectionScenario.PatientsCsv(100), "Patients");
        var insurerData = await scenario.PublishAsync(insurerAdminId, insurer.Id,
            ProtectionScenario.PatientsCsv(100, seed: 9, firstPerson: 60).Replace("diagnostic", "claim", StringComparison.Ordinal), "Claims");

        var steward = await scenario.ActorAsync(scenario.StewardId);
        var insurerAdmin = await scenario.ActorAsync(insurerAdminId);
        var project = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>()
            .CreateAsync(steward, scenario.Hospital.Id, "diabetes-costs", "Diabetes costs", "Costs of diabetes care.", CancellationToken.None));
        await scenario.Store.WithAsync(async s => { await s.GetRequiredService<LinkageService>().InviteAsync(steward, project, "insurer", CancellationToken.None); return 0; });
        project = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().GetAsync(insurerAdmin, "diabetes-costs", CancellationToken.None));
        await scenario.Store.WithAsync(async s => { await s.GetRequiredService<LinkageService>().JoinAsync(insurerAdmin, project, insurer.Id, CancellationToken.None); return 0; });
        project = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().GetAsync(steward, "diabetes-costs", CancellationToken.None));

        var intoProject = new ProtectionRequest { Columns = [new("matricule", "hmac"), new("nom", "redact"), new("email", "redact")], LinkageProject = "diabetes-costs" };
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, hospitalData, hospitalData.Versions.Single(), intoProject, CancellationToken.None));
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(insurerAdmin, insurerData, insurerData.Versions.Single(), intoProject, CancellationToken.None));
        // The hospital also protects in its own domain: that version cannot be contributed.
        await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>()
            .RequestProtectionAsync(steward, hospitalData, hospitalData.Versions.Single(), intoProject with { LinkageProject = null }, CancellationToken.None));
        Assert.DoesNotContain(await scenario.RunJobsAsync(), j => j.State == JobState.Failed);

        var wrongDomain = await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>()
            .ContributeAsync(steward, project, hospitalData.Id, 3, "matricule", CancellationToken.None)));
        Assert.Equal(PlatformError.Validation, wrongDomain.Error);
        var left = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().ContributeAsync(steward, project, hospitalData.Id, 2, "matricule", CancellationToken.None));
        var right = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().ContributeAsync(insurerAdmin, project, insurerData.Id, 2, "matricule", CancellationToken.None));
        await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().RequestJoinAsync(insurerAdmin, project, left.Id, right.Id, null, CancellationToken.None));
        Assert.DoesNotContain(await scenario.RunJobsAsync(), j => j.State == JobState.Failed);

        var results = await scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().ResultsAsync(steward, project, CancellationToken.None));
        var result = Assert.Single(results);
        Assert.Equal(40, result.LinkedRows);
        Assert.Contains("claim", result.Columns);
        Assert.Contains("diagnostic", result.Columns);

        // Both sides read the result; it holds pseudonyms, not identifiers; an outsider reads nothing.
        var hospitalRows = await scenario.RowsAsync((await scenario.DatasetAsync(scenario.StewardId, hospitalData.Id)).Versions.Single(v => v.Number == 1));
        foreach (var reader in new[] { steward, insurerAdmin })
        {
            using var output = new MemoryStream();
            await scenario.Store.WithAsync(async s =>
            {
                await s.GetRequiredService<LinkageService>().DownloadResultAsync(reader, project, result.Id, ExportFormat.Csv, output, CancellationToken.None);
                return 0;
            });
            var csv = Encoding.UTF8.GetString(output.ToArray());
            Assert.Equal(41, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.DoesNotContain(hospitalRows, r => csv.Contains(r["matricule"]!, StringComparison.Ordinal));
        }
        var outsider = await scenario.ActorAsync(outsiderId);
        await Assert.ThrowsAsync<PlatformException>(() => scenario.Store.WithAsync(s => s.GetRequiredService<LinkageService>().GetAsync(outsider, "diabetes-costs", CancellationToken.None)));
        // A linkage result cannot be reversed, even by a re-identifier of the dataset that holds it.
        var linkageDataset = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().Datasets.AsNoTracking().SingleAsync(d => d.Slug == "linkage-diabetes-costs"));
        var linkageVersion = await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().DatasetVersions.AsNoTracking().SingleAsync(v => v.DatasetId == linkageDataset.Id));
        Assert.Empty(ReidentificationService.ReversibleColumns(linkageVersion));
        // Like an uploaded or protected version, the linked one is profiled and sketched (quality, discovery index) and
        // scanned for personal data.
        Assert.True(await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().VersionProfiles
            .AnyAsync(p => p.VersionId == linkageVersion.Id && p.HasSketch)));
        Assert.True(await scenario.Store.WithAsync(s => s.GetRequiredService<AgoraDbContext>().VersionDetections
            .AnyAsync(d => d.VersionId == linkageVersion.Id)));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task DemoProtection_GivesThePatientRegistryAProtectedDerivedVersion_Once(MetadataProvider provider)
    {
        await using var scenario = await ProtectionScenario.CreateAsync(provider);
        using var csv = new MemoryStream();
        Agora.Platform.Demo.DemoCatalog.Datasets.Single(d => d.Slug == DemoProtection.DatasetSlug).WriteCsv(csv);
        var dataset = await scenario.PublishAsync(scenario.StewardId, scenario.Hospital.Id, Encoding.UTF8.GetString(csv.ToArray()), "Patient registry");
        Assert.Equal(DemoProtection.DatasetSlug, dataset.Slug);
        var steward = await scenario.ActorAsync(scenario.StewardId);
        await scenario.Store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoProtection>().EnsureAsync(steward, scenario.Hospital.Id, CancellationToken.None);
            return 0;
        });
        var jobs = await scenario.RunJobsAsync();
        Assert.DoesNotContain(jobs, j => j.State == JobState.Failed);
        // Seeding again (the next start of serve --demo) makes no second derived version.
        await scenario.Store.WithAsync(async s =>
        {
            await s.GetRequiredService<DemoProtection>().EnsureAsync(steward, scenario.Hospital.Id, CancellationToken.None);
            return 0;
        });
        Assert.Equal(jobs.Count, (await scenario.RunJobsAsync()).Count);

        dataset = await scenario.DatasetAsync(scenario.StewardId, dataset.Id);
        Assert.Equal(2, dataset.Versions.Count);
        var source = dataset.Versions.Single(v => v.Number == 1);
        var derived = dataset.Versions.Single(v => v.Number == 2);
        Assert.Equal(source.Id, derived.DerivedFromId);
        var derivation = ProtectionService.DerivationOf(derived)!;
        Assert.True(derivation.RiskAfter!.Prosecutor.Highest <= 1.0 / 5 + 1e-9);
        Assert.True(derivation.RiskBefore!.Prosecutor.Highest > derivation.RiskAfter.Prosecutor.Highest);
        var original = await scenario.RowsAsync(source);
        var rows = await scenario.RowsAsync(derived);
        var nationalIds = original.Select(r => r["national_id"]).ToHashSet();
        var lastNames = original.Select(r => r["last_name"]).ToHashSet();
        Assert.Equal(original.Count, rows.Count);
        Assert.DoesNotContain(rows, r => nationalIds.Contains(r["national_id"]) || lastNames.Contains(r["last_name"]));
        // Every national number of the demo is valid (both check digits), so the column is found by its values.
        var detection = await scenario.Store.WithAsync(s => s.GetRequiredService<ProtectionService>().DetectionAsync(steward, dataset, source, CancellationToken.None));
        var nationalId = detection!.Columns.Single(c => c.Column == "national_id");
        Assert.Equal(("lu_national_id", 1.0), (nationalId.Entity, nationalId.MatchShare));
    }
}
