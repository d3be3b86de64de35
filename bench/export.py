"""Benchmark: exporting the demo model (merge + GGUF write [+ verification]).

Each case runs in a fresh child process so its peak RSS is its own. The baseline,
measured in the same run, is a bare transformers load + save_pretrained of the base
model in 16-bit: an export cannot be much cheaper than that. Prints time, peak RSS
(the part above what importing torch, transformers, peft and gguf costs, as a ratio to
the model's 16-bit size; goal ≤ 1.5×) and GGUF write speed (MB/s).
Figures are printed, never asserted. Then bench/kquant_speed.py prints the encoding speed
of every GGUF type (MB/s of f16 input) for the demo and a 1.1B-shaped model.

    .venv/bin/python bench/export.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, run_dir, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
phases = {}
if kind == "imports":
    import gguf, peft, torch, transformers  # noqa: F401  (what every case pays before work)
    from transformers import AutoModelForCausalLM  # noqa: F401
    size = None
elif kind == "baseline":
    import torch
    from transformers import AutoModelForCausalLM
    base = json.loads((run_dir / "adapter" / "adapter_config.json").read_text())[
        "base_model_name_or_path"]
    AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16).save_pretrained(out)
    size = None
else:
    from dpo_desktop.core.events import PhaseChanged
    from dpo_desktop.core.export.pipeline import ExportOptions, export_run
    gguf_type, verify = kind.split("+")[0], kind.endswith("+verify")

    def on_event(event):
        if isinstance(event, PhaseChanged):
            phases.setdefault(event.phase, [event.time, event.time])[1] = event.time

    result = export_run(run_dir, ExportOptions(out_dir=out, gguf_type=gguf_type,
                                               verify=verify), on_event)
    size = result.gguf.path.stat().st_size if result.gguf else None
seconds = time.perf_counter() - start
write = phases.get("writing_gguf")
print(json.dumps({"seconds": seconds, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                  * 1024, "gguf_bytes": size,
                  "write_seconds": (write[1] - write[0]) if write else None}))
"""

ADAPTER = r"""
import json, sys, torch
from pathlib import Path
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer
from dpo_desktop.core.models import demo_model_dir
run = Path(sys.argv[1]); base = demo_model_dir()
torch.manual_seed(0)
model = get_peft_model(AutoModelForCausalLM.from_pretrained(base),
                       LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"]))
with torch.no_grad():
    for name, p in model.named_parameters():
        if "lora_B" in name:
            p.normal_(0, 0.02)
model.save_pretrained(run / "adapter")
AutoTokenizer.from_pretrained(base).save_pretrained(run / "adapter")
cfg = run / "adapter" / "adapter_config.json"
data = json.loads(cfg.read_text()); data["base_model_name_or_path"] = str(base)
cfg.write_text(json.dumps(data))
print(sum(p.numel() for n, p in model.named_parameters() if "lora_" not in n))
"""


def child(code: str, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True)
    return out.stdout.strip().splitlines()[-1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        params = int(child(ADAPTER, str(run)))
        size16 = params * 2
        print(f"demo model: {params / 1e6:.0f}M parameters, 16-bit size {size16 / 2**20:.0f} MiB")
        rows = {}
        for i, kind in enumerate(("imports", "baseline", "f16", "q8_0", "q8_0+verify")):
            rows[kind] = json.loads(child(CHILD, kind, str(run), str(Path(tmp) / f"out{i}")))
        imports = rows.pop("imports")["rss"]
        print(f"importing torch/transformers/peft/gguf alone: peak RSS {imports / 2**20:.0f} MiB")
        base = rows["baseline"]
        for kind, row in rows.items():
            speed = ""
            if row["gguf_bytes"] and row["write_seconds"]:
                speed = (f", GGUF {row['gguf_bytes'] / 1e6:.0f} MB written at "
                         f"{row['gguf_bytes'] / 1e6 / row['write_seconds']:.0f} MB/s")
            print(f"{kind:>12}: {row['seconds']:6.1f} s ({row['seconds'] / base['seconds']:.2f}x "
                  f"baseline), peak RSS {row['rss'] / 2**20:5.0f} MiB, of which "
                  f"{(row['rss'] - imports) / 2**20:5.0f} MiB above the imports "
                  f"({(row['rss'] - imports) / size16:.2f}x the 16-bit size){speed}")
        print("goal: peak RSS ≤ 1.5x the 16-bit size (the export itself, without verification)")
    print()
    import kquant_speed  # bench/kquant_speed.py: MB/s per GGUF type, demo and 1.1B-shaped

    return kquant_speed.main([])


if __name__ == "__main__":
    sys.exit(main())
