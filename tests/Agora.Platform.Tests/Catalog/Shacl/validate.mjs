// Validates RDF data files (Turtle or JSON-LD) against SHACL shapes and prints one JSON report per data file.
//
//   node validate.mjs --shapes a.ttl [--shapes b.ttl ...] [--context URL=FILE ...] [--strict] DATA [DATA ...]
//
// Output (stdout, one JSON document): { "reports": [ { "file", "conforms", "violations", "warnings", "infos", "triples",
// "canonicalSha256", "results": [ { "severity", "focusNode", "path", "value", "sourceShape", "constraint", "message" } ] } ] }
// canonicalSha256 is the SHA-256 of the data's canonical N-Quads (RDFC-1.0): two files with the same hash hold the same graph.
// Exit codes: 0 the validation ran (whatever it found), 2 bad arguments or a file that does not parse.
//
// SHACL Core is checked by shacl-engine. SPARQL-based constraints (sh:sparql, which the DCAT-AP-LU shapes use) are
// checked here with Oxigraph; see sparqlValidations below for why shacl-engine's own SPARQL plugin is not used.
// JSON-LD is turned into RDF by jsonld.js in safe mode (a term that does not map to an IRI is an error, not a silently
// dropped triple), with a document loader that serves only local copies of contexts: nothing is fetched.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import rdfDataModel from '@rdfjs/data-model'
import rdfDataset from '@rdfjs/dataset'
import jsonld from 'jsonld'
import N3 from 'n3'
import oxigraph from 'oxigraph'
import { Validator } from 'shacl-engine'

const SH = 'http://www.w3.org/ns/shacl#'
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#'
const XSD = 'http://www.w3.org/2001/XMLSchema#'
// Private predicate that carries a property shape's sh:sparql constraint (see moveSparqlOffPropertyShapes).
const SPARQL_OF_PROPERTY_SHAPE = 'urn:agora:shacl:sparqlOfPropertyShape'
const SKOLEM = 'urn:agora:shacl:blank:'

function parseArguments (argv) {
  const options = { shapes: [], contexts: new Map(), strict: false, data: [] }
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]
    if (argument === '--shapes') {
      options.shapes.push(argv[++i])
    } else if (argument === '--context') {
      const mapping = argv[++i] ?? ''
      const separator = mapping.lastIndexOf('=')
      if (separator <= 0) throw new UsageError(`--context needs URL=FILE, got '${mapping}'`)
      options.contexts.set(mapping.slice(0, separator), mapping.slice(separator + 1))
    } else if (argument === '--strict') {
      options.strict = true
    } else if (argument.startsWith('--')) {
      throw new UsageError(`unknown option ${argument}`)
    } else {
      options.data.push(argument)
    }
  }
  if (options.shapes.length === 0) throw new UsageError('at least one --shapes file is needed')
  if (options.data.length === 0) throw new UsageError('at least one data file is needed')
  return options
}

class UsageError extends Error {}

function readTurtle (file) {
  const text = fs.readFileSync(file, 'utf8')
  try {
    return new N3.Parser({ baseIRI: 'file://' + path.resolve(file) }).parse(text)
  } catch (error) {
    throw new UsageError(`${file}: not valid Turtle: ${error.message}`)
  }
}

function offlineDocumentLoader (contexts) {
  return async (url) => {
    const file = contexts.get(url)
    if (!file) {
      throw new UsageError(`the JSON-LD context ${url} is not available offline; map it with --context URL=FILE`)
    }
    return { contextUrl: null, documentUrl: url, document: JSON.parse(fs.readFileSync(file, 'utf8')) }
  }
}

async function readJsonLd (file, contexts) {
  let document
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${error.message}`)
  }
  let nquads
  try {
    nquads = await jsonld.toRDF(document, {
      format: 'application/n-quads',
      documentLoader: offlineDocumentLoader(contexts),
      safe: true
    })
  } catch (error) {
    if (error instanceof UsageError) throw error
    // jsonld.js wraps what the document loader threw; our own message says more than its generic one.
    if (error.details?.cause instanceof UsageError) throw new UsageError(`${file}: ${error.details.cause.message}`)
    const detail = error.details ? ' ' + JSON.stringify(error.details.event?.details ?? error.details) : ''
    throw new UsageError(`${file}: not valid JSON-LD: ${error.message}${detail}`)
  }
  return new N3.Parser({ format: 'N-Quads' }).parse(nquads)
}

async function readData (file, contexts) {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`)
  const extension = path.extname(file).toLowerCase()
  if (extension === '.ttl') return readTurtle(file)
  if (extension === '.jsonld' || extension === '.json') return readJsonLd(file, contexts)
  throw new UsageError(`${file}: unknown format (expected .ttl, .jsonld or .json)`)
}

// Some published shapes say sh:datatype rdfs:Literal ("any literal") or sh:datatype rdfs:Resource ("a resource, not a
// literal"). Under the letter of SHACL no literal has datatype rdfs:Literal and no IRI has a datatype at all, so those
// shapes would reject every value, including their authors' own valid examples. We read them the way their authors
// meant (and the way pySHACL reads rdfs:Literal): rdfs:Literal becomes sh:nodeKind sh:Literal, rdfs:Resource becomes
// sh:nodeKind sh:BlankNodeOrIRI. --strict turns this off.
function normaliseDatatypeIntents (quads) {
  const { namedNode, quad } = rdfDataModel
  const replacements = new Map([
    [RDFS + 'Literal', namedNode(SH + 'Literal')],
    [RDFS + 'Resource', namedNode(SH + 'BlankNodeOrIRI')]
  ])
  return quads.map(q => {
    if (q.predicate.value === SH + 'datatype' && replacements.has(q.object.value)) {
      return quad(q.subject, namedNode(SH + 'nodeKind'), replacements.get(q.object.value), q.graph)
    }
    return q
  })
}

// SPARQL-based constraints.
//
// shacl-engine 1.1 has two problems with them, so this script brings its own implementation:
// 1. A property shape that carries sh:sparql is treated as if its value nodes were the focus node itself, so its other
//    constraints (sh:class, sh:maxCount...) are checked against the wrong node. We therefore move sh:sparql off
//    property shapes onto a private predicate evaluated once per focus node (the value of $this in SHACL-SPARQL).
// 2. Its plugin builds a new Comunica engine for every focus node (~0.4 s each), which makes a catalogue take minutes.
//    Oxigraph answers the same queries in well under a millisecond.
//
// Pre-binding of $this (SHACL 1.0, section 5.3.1) is done by appending "VALUES ?this { <node> }" to the query. That is
// the same as pre-binding for the queries SHACL allows (no MINUS, VALUES or SERVICE, which we refuse), provided ?this is
// bound in every solution, as it is in all the DCAT-AP-LU constraints. Blank nodes are skolemised to IRIs while they
// sit in Oxigraph so that a focus node can be named in a query.
function moveSparqlOffPropertyShapes (quads) {
  const { namedNode, quad } = rdfDataModel
  const propertyShapes = new Set(quads.filter(q => q.predicate.value === SH + 'path').map(q => q.subject.value))
  return quads.map(q => {
    if (q.predicate.value === SH + 'sparql' && propertyShapes.has(q.subject.value)) {
      return quad(q.subject, namedNode(SPARQL_OF_PROPERTY_SHAPE), q.object, q.graph)
    }
    return q
  })
}

function skolemise (term) {
  return term.termType === 'BlankNode' ? rdfDataModel.namedNode(SKOLEM + term.value) : term
}

function unskolemise (term) {
  return term.termType === 'NamedNode' && term.value.startsWith(SKOLEM)
    ? rdfDataModel.blankNode(term.value.slice(SKOLEM.length))
    : term
}

function sparqlTerm (term) {
  if (term.termType === 'NamedNode') return `<${term.value}>`
  const escaped = term.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
  if (term.language) return `"${escaped}"@${term.language}`
  return `"${escaped}"^^<${term.datatype?.value ?? XSD + 'string'}>`
}

const oxigraphStores = new WeakMap()

function oxigraphStoreFor (dataset) {
  let store = oxigraphStores.get(dataset)
  if (!store) {
    store = new oxigraph.Store()
    for (const q of dataset) {
      const subject = skolemise(q.subject)
      const object = skolemise(q.object)
      store.add(oxigraph.quad(
        oxigraph.namedNode(subject.value),
        oxigraph.namedNode(q.predicate.value),
        object.termType === 'NamedNode'
          ? oxigraph.namedNode(object.value)
          : object.language
            ? oxigraph.literal(object.value, object.language)
            : oxigraph.literal(object.value, oxigraph.namedNode(object.datatype.value)),
        oxigraph.defaultGraph()))
    }
    oxigraphStores.set(dataset, store)
  }
  return store
}

function fromOxigraph (term) {
  if (!term) return null
  if (term.termType === 'NamedNode') return unskolemise(rdfDataModel.namedNode(term.value))
  if (term.termType === 'BlankNode') return rdfDataModel.blankNode(term.value)
  return term.language
    ? rdfDataModel.literal(term.value, term.language)
    : rdfDataModel.literal(term.value, rdfDataModel.namedNode(term.datatype.value))
}

function compileSparqlConstraint (shape, constraintPredicate) {
  const constraints = [...shape.ptr.out([rdfDataModel.namedNode(constraintPredicate)])]
  const compiled = constraints
    .filter(constraint => constraint.out([rdfDataModel.namedNode(SH + 'deactivated')]).value !== 'true')
    .map(constraint => {
      const select = constraint.out([rdfDataModel.namedNode(SH + 'select')]).value
      if (!select) throw new UsageError(`shape ${shape.ptr.value}: sh:sparql without sh:select is not supported`)
      const keywords = select.replace(/<[^>\s]*>/g, '<>').replace(/"[^"]*"|'[^']*'/g, '""')
      if (/\b(MINUS|VALUES|SERVICE)\b/i.test(keywords)) {
        throw new UsageError(`shape ${shape.ptr.value}: SHACL forbids MINUS, VALUES and SERVICE in a pre-bound query`)
      }
      const prefixes = [...constraint.out([rdfDataModel.namedNode(SH + 'prefixes')])
        .out([rdfDataModel.namedNode(SH + 'declare')])]
        .map(declaration => `PREFIX ${declaration.out([rdfDataModel.namedNode(SH + 'prefix')]).value}: ` +
          `<${declaration.out([rdfDataModel.namedNode(SH + 'namespace')]).value}>`)
      let query = [...prefixes, select].join('\n')
      if (query.includes('$PATH')) {
        const path = shape.ptr.out([rdfDataModel.namedNode(SH + 'path')]).term
        if (!path || path.termType !== 'NamedNode') {
          throw new UsageError(`shape ${shape.ptr.value}: $PATH is only supported for a single-predicate sh:path`)
        }
        query = query.split('$PATH').join(`<${path.value}>`)
      }
      return { constraint, query, message: constraint.out([rdfDataModel.namedNode(SH + 'message')]).terms }
    })

  return context => {
    const focus = context.focusNode.term
    const store = oxigraphStoreFor(context.focusNode.dataset)
    for (const { constraint, query, message } of compiled) {
      let rows
      try {
        rows = store.query(`${query}\nVALUES ?this { ${sparqlTerm(skolemise(focus))} }`)
      } catch (error) {
        throw new UsageError(`shape ${shape.ptr.value}: SPARQL query failed: ${error.message ?? error}`)
      }
      for (const row of rows) {
        const value = fromOxigraph(row.get('value')) ?? focus
        context.violation(rdfDataModel.namedNode(SH + 'SPARQLConstraintComponent'), {
          message,
          source: [constraint.term],
          value: context.focusNode.node([value])
        })
      }
    }
  }
}

const sparqlValidations = new Map([
  [rdfDataModel.namedNode(SH + 'sparql'), shape => ({ generic: compileSparqlConstraint(shape, SH + 'sparql') })],
  [rdfDataModel.namedNode(SPARQL_OF_PROPERTY_SHAPE),
    shape => ({ property: compileSparqlConstraint(shape, SPARQL_OF_PROPERTY_SHAPE) })]
])

function toDataset (quads) {
  const dataset = rdfDataset.dataset()
  for (const q of quads) dataset.add(rdfDataModel.quad(q.subject, q.predicate, q.object))
  return dataset
}

function termText (term) {
  if (!term) return null
  if (term.termType === 'Literal') return term.value
  if (term.termType === 'BlankNode') return '_:' + term.value
  return term.value
}

function pathText (result) {
  if (!result.path || result.path.length === 0) return null
  return result.path.map(step => step.predicates.map(p => p.value).join('|')).join('/')
}

function describe (result) {
  const severity = result.severity.value.replace(SH, '')
  return {
    severity,
    focusNode: termText(result.focusNode?.term),
    path: pathText(result),
    value: termText(result.value?.term),
    sourceShape: termText(result.shape?.ptr?.term),
    constraint: result.constraintComponent.value.replace(SH, ''),
    message: result.message.map(m => m.value).join(' ')
  }
}

async function canonicalHash (quads) {
  const nquads = new N3.Writer({ format: 'N-Quads' }).quadsToString(quads)
  const canonical = await jsonld.canonize(nquads, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads', format: 'application/n-quads' })
  return crypto.createHash('sha256').update(canonical).digest('hex')
}

async function main () {
  const options = parseArguments(process.argv.slice(2))
  let shapeQuads = options.shapes.flatMap(file => {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such shapes file`)
    return readTurtle(file)
  })
  if (!options.strict) shapeQuads = normaliseDatatypeIntents(shapeQuads)
  shapeQuads = moveSparqlOffPropertyShapes(shapeQuads)
  const validator = new Validator(toDataset(shapeQuads), { factory: rdfDataModel, validations: sparqlValidations })

  const reports = []
  for (const file of options.data) {
    const quads = await readData(file, options.contexts)
    const report = await validator.validate({ dataset: toDataset(quads) })
    const results = report.results.map(describe)
    const count = severity => results.filter(r => r.severity === severity).length
    reports.push({
      file,
      conforms: report.conforms,
      violations: count('Violation'),
      warnings: count('Warning'),
      infos: count('Info'),
      triples: quads.length,
      canonicalSha256: await canonicalHash(quads),
      results
    })
  }
  process.stdout.write(JSON.stringify({ reports }, null, 2) + '\n')
}

main().catch(error => {
  process.stderr.write((error instanceof UsageError ? '' : 'unexpected error: ') + (error.message ?? error) + '\n')
  process.exitCode = 2
})
