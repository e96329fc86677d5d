"""Measure changes to the hybrid's linear half and blend on the transformer runs a store already holds: no training.

`bench-accuracy` trains the `cpu` preset under several seeds, and each run logs its best checkpoint's validation and test
probabilities (`predictions/*.csv`). This script reads them back and, for each variant, fits the linear model on train, picks the
blend weight and the thresholds on validation exactly as `train` does, and prints validation and test F1, mean over the seeds.
Variants are chosen by the validation columns; the test columns are there to report, not to choose.

    UNFAIR_TOS_DATA=../shared/data/lex_glue/unfair_tos .venv/bin/python tools/hybrid_ablation.py --store sqlite:///mlflow.db --seeds 42 43 44
"""
import argparse, os
import mlflow, numpy as np, pandas as pd, torch
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from unfair_tos.config import make_config, quiet_libraries
from unfair_tos.lexglue import gold_labels, load_lexglue
from unfair_tos.linear import LINEAR_RECIPE, blend, fit_linear
from unfair_tos.model import scores, tune_blend, tune_thresholds
from unfair_tos.text import record_texts
from unfair_tos.accuracy import seed_runs

SPLITS = ('validation', 'test')

def run_probabilities(run_id:str, store:str) -> dict:
    "The transformer's validation and test probabilities that run `run_id` of `store` logged."
    folder = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path='predictions', tracking_uri=store)
    frames = {s: pd.read_csv(f'{folder}/{s}_predictions.csv') for s in SPLITS}
    return {s: torch.tensor(df[[c for c in df.columns if c.startswith('p_')]].values).float() for s, df in frames.items()}

def shipped_linear(texts:dict, gold:dict) -> dict:
    "Validation and test probabilities of the shipped linear model (`LINEAR_RECIPE`)."
    model = fit_linear(texts['train'], gold['train'].numpy())
    return {s: torch.from_numpy(model.probabilities(texts[s])).float() for s in SPLITS}

def union_linear(texts:dict, gold:dict, vectorizers:list, C:float=1.0) -> dict:
    "Validation and test `sigmoid(margin)` of one balanced linear SVM per type over the concatenated features of `vectorizers`."
    train = hstack([v.fit_transform(texts['train']) for v in vectorizers]).tocsr()
    other = {s: hstack([v.transform(texts[s]) for v in vectorizers]).tocsr() for s in SPLITS}
    svms = [LinearSVC(C=C, class_weight='balanced', max_iter=50000, random_state=1).fit(train, y) for y in gold['train'].numpy().T]
    return {s: torch.sigmoid(torch.tensor(np.stack([m.decision_function(X) for m in svms], 1))).float() for s, X in other.items()}

def logit_blend(transformer:dict, linear:dict, gold:torch.Tensor) -> dict:
    "Blend in logit space, `w · logit(p_transformer) + (1 − w) · k · margin`, with `w` and the margin's scale `k` picked on validation m-F1."
    logit = lambda p: torch.logit(p.clamp(1e-6, 1 - 1e-6))
    mix = lambda s, w, k: torch.sigmoid(w * logit(transformer[s]) + (1 - w) * k * logit(linear[s]))
    w, k = max(((w, k) for w in np.arange(0, 1.01, 0.05) for k in (1, 2, 4, 8)), key=lambda wk: scores(mix('validation', *wk), gold, 'multilabel')['f1_macro'])
    return {s: mix(s, w, k) for s in SPLITS}

def prob_blend(transformer:dict, linear:dict, gold:torch.Tensor) -> dict:
    "`train`'s blend: a weighted mean of probabilities, the weight picked on validation."
    w = tune_blend(transformer['validation'], linear['validation'], gold, 'multilabel')
    return {s: blend(transformer[s], linear[s], w) for s in SPLITS}

def hybrid_scores(hybrid:dict, gold:dict) -> dict:
    "Validation and test F1 of `hybrid` at thresholds tuned on validation, with the binary answer 'any type flagged'."
    th = torch.tensor(tune_thresholds(hybrid['validation'], gold['validation'], 'multilabel')['thresholds'])
    v, t = (scores(hybrid[s], gold[s], 'multilabel', th) for s in SPLITS)
    return {'val m-F1': v['f1_macro'], 'val binary F1': v['f1'], 'test μ-F1': t['f1_micro'], 'test m-F1': t['f1_macro'], 'test binary F1': t['f1']}

def max_rule_scores(hybrid:dict, gold:dict) -> dict:
    "Binary F1 when a clause is unfair if its highest type probability passes one threshold tuned on validation binary F1."
    unfair = {s: gold[s].amax(1) for s in SPLITS}
    top = {s: hybrid[s].amax(1) for s in SPLITS}
    th = tune_thresholds(top['validation'], unfair['validation'], 'binary')['global']
    return {'val binary F1': scores(top['validation'], unfair['validation'], 'binary', th)['f1'], 'test binary F1': scores(top['test'], unfair['test'], 'binary', th)['f1']}

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--store', default='sqlite:///mlflow.db', help="the MLflow store of the seed runs")
    p.add_argument('--seeds', type=int, nargs='+', default=[42, 43, 44], help="seeds of the `cpu` preset's finished runs")
    p.add_argument('--runs', nargs='+', help="run ids of the transformer runs instead (runs made before the preset's params last changed)")
    p.add_argument('--data_dir', default=os.environ.get('UNFAIR_TOS_DATA'), help="the LexGLUE UNFAIR-ToS splits")
    args = p.parse_args()
    quiet_libraries()
    runs = args.runs or seed_runs(make_config('cpu', data_dir=args.data_dir, tracking_uri=args.store), args.seeds, train_missing=False)
    if not runs: raise SystemExit(f"hybrid_ablation: no finished `cpu` run with seeds {args.seeds} in {args.store}; run `unfair-tos bench-accuracy` first")
    data = load_lexglue(args.data_dir)
    texts, gold = {s: record_texts(r) for s, r in data.items()}, {s: gold_labels(r, 'multilabel') for s, r in data.items()}
    words = lambda **kw: TfidfVectorizer(**{'ngram_range': (1, 2), 'min_df': 2, 'sublinear_tf': True} | kw)
    chars = lambda **kw: TfidfVectorizer(**{'analyzer': 'char_wb', 'ngram_range': (2, 5), 'min_df': 2, 'sublinear_tf': True} | kw)
    linear = {'shipped: word 1–2-grams': shipped_linear(texts, gold),
              '+ character 2–5-grams': union_linear(texts, gold, [words(), chars()]),
              'word 1–3 + character 3–6-grams': union_linear(texts, gold, [words(ngram_range=(1, 3)), chars(ngram_range=(3, 6))])}
    transformers = [run_probabilities(r, args.store) for r in runs]
    rows = {}
    for name, lin in linear.items():
        alone = scores(lin['validation'], gold['validation'], 'multilabel')['f1_macro']
        rows[f'linear {name}'] = {'linear alone val m-F1': alone} | pd.DataFrame([hybrid_scores(prob_blend(t, lin, gold['validation']), gold) for t in transformers]).mean().to_dict()
    shipped = linear['shipped: word 1–2-grams']
    rows['blend in logit space'] = pd.DataFrame([hybrid_scores(logit_blend(t, shipped, gold['validation']), gold) for t in transformers]).mean().to_dict()
    rows['binary: top type probability over its own threshold'] = pd.DataFrame([max_rule_scores(prob_blend(t, shipped, gold['validation']), gold) for t in transformers]).mean().to_dict()
    print(f"{len(runs)} runs ({', '.join(r[:8] for r in runs)}); hybrid at thresholds tuned on validation; ×100, mean over the runs")
    print((100 * pd.DataFrame(rows).T).round(1).to_string(na_rep=''))

if __name__ == '__main__': main()
