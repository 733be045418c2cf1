#include "cloudformation/reader.h"

#include <algorithm>

#include "cloudformation/dependencies.h"
#include "cloudformation/evaluator.h"
#include "cloudformation/normalise.h"
#include "read/detect.h"

namespace ecsguard::cloudformation {

namespace {

// Suppressions written in a resource's Metadata, in ecsguard's form and in Checkov's and
// cfn_nag's (matched through each policy's controls by the review stage):
//   ecsguard: {suppress: [{id, reason, expires}]}
//   checkov:  {skip: [{id, comment}]}
//   cfn_nag:  {rules_to_suppress: [{id, reason}]}
void read_suppressions(const JNode& meta, const std::string& file,
                       std::vector<Suppression>& out) {
  struct Form {
    const char* key;
    const char* list;
    const char* reason;
    const char* catalogue;
    const char* origin;
  };
  static const Form kForms[] = {
      {"ecsguard", "suppress", "reason", "", "metadata:ecsguard"},
      {"checkov", "skip", "comment", "checkov", "metadata:checkov"},
      {"cfn_nag", "rules_to_suppress", "reason", "cfn_nag", "metadata:cfn_nag"},
  };
  for (const auto& form : kForms) {
    const JNode* block = meta.get(form.key);
    const JNode* list = block != nullptr ? block->get(form.list) : nullptr;
    if (list == nullptr || !list->is_array()) continue;
    for (const JNode& entry : list->items) {
      if (!entry.is_object()) continue;
      Suppression s;
      const JNode* id = entry.get("id");
      const JNode* reason = entry.get(form.reason);
      const JNode* expires = entry.get("expires");
      if (id != nullptr && (id->is_string() || id->is_number())) s.id = id->text;
      if (reason != nullptr && reason->is_string()) s.reason = reason->text;
      if (expires != nullptr && (expires->is_string() || expires->is_number())) {
        s.expires = expires->text;
      }
      s.catalogue = form.catalogue;
      s.origin = form.origin;
      s.location = Location(file, entry.pos(""));
      out.push_back(std::move(s));
    }
  }
}


std::string describe_value(const Value& v) {
  if (v.is_list()) return "a list";
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_bool()) return "a boolean";
  return "null";
}

// Resource headers: type, condition, construct path and dependencies, one resource converted at
// a time.
std::vector<std::string> index_resources(Document& doc, const ReadOptions& options,
                                         ResourceIndex& index, Diagnostics& diags) {
  std::vector<std::string> order;
  for (const Member& m : doc.members(Section::kResources)) {
    if (m.name.rfind("Fn::ForEach::", 0) == 0) {
      diags.push_back(make_diagnostic(
          "cfn.intrinsic.unsupported", Severity::kWarning,
          m.name + " (AWS::LanguageExtensions) is not expanded; the resources it generates are "
                   "not modelled",
          doc.file(), m.pos));
      continue;
    }
    const JNode* def = doc.value(m);
    if (def == nullptr) continue;
    const JNode* type = def->is_object() ? def->get("Type") : nullptr;
    const JNode* condition = def->is_object() ? def->get("Condition") : nullptr;
    std::string problem;
    if (!def->is_object()) {
      problem = "must be a mapping with a \"Type\", found " + describe(*def);
    } else if (type == nullptr) {
      problem = "has no \"Type\"; expected a resource type such as AWS::ECS::Service";
    } else if (!type->is_string()) {
      problem = "has a \"Type\" that is " + describe(*type) + "; expected a string";
    } else if (condition != nullptr && !condition->is_string()) {
      problem = "has a \"Condition\" that is " + describe(*condition) +
                "; expected the name of a condition";
    }
    if (!problem.empty()) {
      diags.push_back(make_diagnostic("cfn.resource.bad_definition", Severity::kError,
                                      "resource " + m.name + " " + problem, doc.file(), m.pos));
      doc.release(m);
      continue;
    }
    ResourceInfo info;
    info.id = m.name;
    info.type = type->text;
    info.condition = condition != nullptr ? condition->text : std::string();
    info.pos = m.pos;
    info.member = &m;
    const JNode* meta = def->get("Metadata");
    const JNode* path = meta != nullptr ? meta->get("aws:cdk:path") : nullptr;
    if (path != nullptr && path->is_string()) {
      info.construct_path = path->text;
    } else if (auto it = options.construct_paths.find(m.name);
               it != options.construct_paths.end()) {
      info.construct_path = it->second;
    }
    if (meta != nullptr) read_suppressions(*meta, doc.file(), info.suppressions);
    info.depends_on = referenced_names(*def);
    doc.release(m);
    order.push_back(m.name);
    index.emplace(m.name, std::move(info));
  }
  for (auto& [id, info] : index) {
    auto& deps = info.depends_on;
    deps.erase(std::remove_if(deps.begin(), deps.end(),
                              [&](const std::string& d) { return index.count(d) == 0; }),
               deps.end());
  }
  return order;
}

Graph read_template(const InputBuffer& input, const ReadOptions& options) {
  InputInfo info;
  info.file = input.name();
  bool yaml = !looks_like_json(input.data());
  info.format = yaml ? "cloudformation-yaml" : "cloudformation-json";
  Diagnostics diags;
  Deadline deadline(options.limits.time_ms, options.stop);
  std::unique_ptr<Document> doc = Document::load(input, yaml, options.limits, deadline, diags);
  if (!doc) {
    info.diagnostics = std::move(diags);
    return GraphBuilder(std::move(info)).build();
  }
  info.format_version = doc->format_version();
  info.resources = doc->members(Section::kResources).size();
  for (const auto& t : doc->transforms()) {
    if (t == "AWS::LanguageExtensions") continue;
    diags.push_back(make_diagnostic("cfn.template.transform", Severity::kNote,
                                    "the template uses the transform " + t +
                                        "; resources it generates at deployment are not modelled",
                                    doc->file(), SourcePos{1, 1, "/Transform"}));
  }

  Parameters params(*doc, options.parameters);
  ResourceIndex index;
  std::vector<std::string> order = index_resources(*doc, options, index, diags);
  check_cycles(index, order, doc->file(), diags);

  GraphBuilder graph(std::move(info));
  graph.set_type_diagnostic("cfn.property.bad_type", Severity::kWarning);
  graph.set_threads(options.threads);
  graph.keep_only(options.kept);
  deadline.extend(graph.wait_for_kept());  // the policies a scan may still be loading
  Evaluator eval(*doc, params, index, options.limits, diags);
  Normaliser normaliser(graph, eval, diags, doc->file());
  for (int phase = 0; phase < 2; ++phase) {
    for (const auto& id : order) {
      const ResourceInfo& res = index.at(id);
      const TypeHandler* handler = find_handler(res.type);
      if (handler == nullptr || handler->phase != phase) continue;
      if (deadline.passed()) {  // no partial graph: the input is reported as unread
        diags.push_back(make_diagnostic(
            limit_code("time_ms"), Severity::kError,
            "reading took longer than " + std::to_string(options.limits.time_ms) + " ms " +
                limit_note("time_ms", options.limits.time_ms),
            doc->file(), res.pos));
        InputInfo unread = std::move(graph.info());
        unread.diagnostics = std::move(diags);
        return GraphBuilder(std::move(unread)).build();
      }
      Resource r;
      r.info = &res;
      r.pointer = res.pos.pointer + "/Properties";
      if (!res.condition.empty()) {
        Truth t = eval.condition(res.condition, res.pos);
        if (t.state == Truth::State::kFalse) continue;  // not created
        r.conditional = t.state == Truth::State::kUnknown;
      }
      const JNode* def = doc->value(*res.member);
      if (def == nullptr) continue;
      const JNode* props = def->get("Properties");
      r.props = props != nullptr ? eval.evaluate(*props, r.pointer) : Value::map();
      if (r.props.is_absent() || r.props.is_null()) r.props = Value::map();
      if (r.props.is_known() && !r.props.is_map()) {
        diags.push_back(make_diagnostic(
            "cfn.resource.bad_definition", Severity::kError,
            "the Properties of " + id + " must be a mapping, found " + describe_value(r.props),
            doc->file(), r.props.pos()));
        // Not modelled: defaults filled in for a resource we could not read would give
        // confident results about properties nobody wrote.
        eval.clear();
        doc->release(*res.member);
        continue;
      }
      handler->fn(normaliser, r);
      eval.clear();
      doc->release(*res.member);
      graph.freeze_added();
    }
  }

  // Repositories pick up the registry-wide scanning and replication settings.
  NodeId registry = graph.find(NodeKind::kEcrRegistry, "registry");
  if (registry != kNoNode) {
    for (NodeId id = 0; id < graph.size(); ++id) {
      if (graph.node(id).kind == NodeKind::kEcrRepository) {
        graph.edge(id, Relation::kRegistry, registry);
      }
    }
  }
  for (auto& d : doc->take_diagnostics()) diags.push_back(std::move(d));
  graph.info().diagnostics = std::move(diags);
  return std::move(graph).build();
}

}  // namespace

Graph read(const InputBuffer& input, const ReadOptions& options) {
  // yaml-cpp and the standard library may still throw (std::bad_alloc on a huge input): the
  // input is then reported as unreadable, and the run goes on.
  try {
    return read_template(input, options);
  } catch (const std::exception& e) {
    InputInfo info;
    info.file = input.name();
    info.format = looks_like_json(input.data()) ? "cloudformation-json" : "cloudformation-yaml";
    info.diagnostics.push_back(make_diagnostic(
        "cfn.template.unreadable", Severity::kError,
        std::string("the template could not be read: ") + e.what(), input.name(), SourcePos{}));
    return GraphBuilder(std::move(info)).build();
  }
}

}  // namespace ecsguard::cloudformation
