"""Tests of the training pipeline's data logic (standard library only, no torch): reading CoNLL files, refusing
test splits, sampling, the held-out calibration sets and reading `polyprep eval ner` tables.
usage: python3 -m unittest discover -s scripts/train-ner"""
import importlib.util
import json
import os
import tempfile
import unittest

import calibrate
import common as C
import demonym_report
import error_report


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def sentences(n, first='Name'):
    return ''.join(f'{first}{i}\tB-PER\nspoke\tO\n\n' for i in range(n))


class ReadConll(unittest.TestCase):
    def test_tags_are_repaired_and_unknown_types_become_o(self):
        with tempfile.TemporaryDirectory() as d:
            p = write(os.path.join(d, 'x.tsv'), '# comment\n-DOCSTART-\tO\n\nKim\tI-PER\nJong\tI-PER\nUn\tI-PER\n'
                                                 'met\tO\nEU\tB-MISC\nin\tO\nSeoul\tI-LOC\n\nPage\tB-PER\n')
            got = C.read_conll(p)
        self.assertEqual(got[0], (['Kim', 'Jong', 'Un', 'met', 'EU', 'in', 'Seoul'],
                                  ['B-PER', 'I-PER', 'I-PER', 'O', 'O', 'O', 'B-LOC']))
        self.assertEqual(got[1], (['Page'], ['B-PER']), 'a last sentence without a blank line is kept')

    def test_space_separated_lines_use_the_last_column(self):
        with tempfile.TemporaryDirectory() as d:
            got = C.read_conll(write(os.path.join(d, 'x.txt'), 'Kyiv NNP B-LOC\n'))
        self.assertEqual(got, [(['Kyiv'], ['B-LOC'])])


def make_config(d, data, **extra):
    cfg = {'out_dir': 'out', 'init': {'model_dir': 'model'}, 'data': data, 'seed': 0,
           'never_train_on': ['*test*', 'germeval*']}
    cfg.update(extra)
    return C.load_config(write(os.path.join(d, 'config.json'), json.dumps(cfg)))


class Config(unittest.TestCase):
    def test_paths_are_relative_to_the_config_file(self):
        with tempfile.TemporaryDirectory() as d:
            cfg = make_config(d, [{'path': 'a-train.tsv'}], calibration={'dev': ['*-dev.tsv']})
            self.assertEqual(cfg['out_dir'], os.path.join(d, 'out'))
            self.assertEqual(cfg['data'][0]['path'], os.path.join(d, 'a-train.tsv'))
            self.assertEqual(cfg['calibration']['dev'], [os.path.join(d, '*-dev.tsv')])

    def test_a_test_split_is_refused_even_when_named(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'en-test.tsv'), sentences(2))
            cfg = make_config(d, [{'path': '*.tsv'}])
            with self.assertRaises(SystemExit) as e:
                C.resolve_data(cfg)
            self.assertIn('refusing to train on', str(e.exception))

    def test_a_glob_that_matches_nothing_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(SystemExit) as e:
                C.resolve_data(make_config(d, [{'path': 'missing-*.tsv'}]))
            self.assertIn('matches no file', str(e.exception))


class Soup(unittest.TestCase):
    def test_runs_load_with_their_overrides_and_the_soup_takes_the_first_runs_settings(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, 'runs'))
            write(os.path.join(d, 'runs', 'base.json'), json.dumps(
                {'out_dir': 'out-a', 'init': {'model_dir': 'model'}, 'data': [{'path': 'a-train.tsv'}], 'seed': 0,
                 'lr': 4e-5}))
            cfg = C.load_config(write(os.path.join(d, 'soup.json'), json.dumps(
                {'out_dir': 'soup-out', 'soup': [{'config': 'runs/base.json'},
                                                 {'config': 'runs/base.json', 'set': {'seed': 1, 'out_dir': 'out-b'}}]})))
            runs = C.training_runs(cfg)
            self.assertEqual([r['seed'] for r in runs], [0, 1])
            self.assertEqual([r['out_dir'] for r in runs], [os.path.join(d, 'runs', 'out-a'), os.path.join(d, 'runs', 'out-b')])
            self.assertEqual(runs[1]['data'][0]['path'], os.path.join(d, 'runs', 'a-train.tsv'))
            self.assertEqual((cfg['out_dir'], cfg['lr']), (os.path.join(d, 'soup-out'), 4e-5))
            self.assertEqual(C.init_dir(cfg), os.path.join(d, 'runs', 'out-a', 'init'))
            written = C.write_run_configs(cfg)
            self.assertEqual(len(written), 2)
            again = C.load_config(written[1])
            self.assertEqual({k: v for k, v in again.items() if k != '_config_path'},
                             {k: v for k, v in runs[1].items() if k != '_config_path'})
            plain = C.load_config(os.path.join(d, 'runs', 'base.json'))
            self.assertEqual(C.write_run_configs(plain), [plain['_config_path']])
            self.assertEqual(C.training_runs(plain), [plain])

    def test_the_shipped_soup_averages_two_seeds_of_the_default_config(self):
        default = C.load_config(os.path.join(C.HERE, 'config.default.json'))
        runs = C.training_runs(C.load_config(os.path.join(C.HERE, 'config.soup.json')))
        self.assertEqual([r['seed'] for r in runs], [0, 1])
        self.assertEqual(runs[0]['out_dir'], default['out_dir'], 'a finished default run is reused')
        def settings(c):
            return {k: v for k, v in c.items() if k not in ('seed', 'out_dir')}
        self.assertEqual(settings(runs[1]), settings(default))

    def test_a_soup_of_soups_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'inner.json'), json.dumps({'out_dir': 'x', 'soup': []}))
            with self.assertRaises(SystemExit) as e:
                C.load_config(write(os.path.join(d, 'outer.json'), json.dumps(
                    {'out_dir': 'y', 'soup': [{'config': 'inner.json'}]})))
            self.assertIn('none of them a soup', str(e.exception))


class Sampling(unittest.TestCase):
    def test_weights_repeat_and_subsample_deterministically(self):
        data = [([str(i)], ['O']) for i in range(10)]
        self.assertEqual(len(C.sample_sentences(data, 2.5, None, 's')), 25)
        half = C.sample_sentences(data, 0.5, None, 's')
        self.assertEqual(len(half), 5)
        self.assertEqual(half, C.sample_sentences(data, 0.5, None, 's'))
        self.assertEqual(len(C.sample_sentences(data, 1.0, 4, 's')), 4)


class Calibration(unittest.TestCase):
    def test_sets_exclude_trained_and_refused_files_and_heldout_is_unseen(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'wiki-train.tsv'), sentences(30, 'W'))
            write(os.path.join(d, 'news-dev.tsv'), sentences(3, 'N'))
            write(os.path.join(d, 'web-dev.tsv'), sentences(3, 'E'))
            write(os.path.join(d, 'germeval-dev.tsv'), sentences(3, 'G'))
            cfg = make_config(d, [{'path': 'wiki-train.tsv', 'max_sentences': 10},
                                          {'path': 'web-dev.tsv', 'weight': 2.0}],
                                calibration={'dev': ['*-dev.tsv'], 'heldout_per_file': 5})
            work = os.path.join(d, 'cal')
            os.makedirs(work)
            sets = calibrate.calibration_sets(cfg, work)
            names = [os.path.basename(s) for s in sets]
            self.assertEqual(names, ['news-dev.tsv', 'heldout-wiki-train.tsv'],
                             'web-dev is trained on, germeval is refused')
            f = C.resolve_data(cfg)[0]
            trained = C.sample_sentences(C.read_training_file(f), 1.0, 10, C.file_seed(cfg, f['path']))
            heldout = C.read_conll(sets[1])
            self.assertEqual(len(heldout), 5)
            self.assertFalse({w[0] for w, _ in heldout} & {w[0] for w, _ in trained})

    def test_a_soups_heldout_is_unseen_by_every_run_and_its_dev_sets_by_any(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'wiki-train.tsv'), sentences(40, 'W'))
            write(os.path.join(d, 'news-dev.tsv'), sentences(3, 'N'))
            write(os.path.join(d, 'web-dev.tsv'), sentences(3, 'E'))
            base = {'init': {'model_dir': 'model'}, 'never_train_on': ['*test*'],
                    'calibration': {'dev': ['*-dev.tsv'], 'heldout_per_file': 40}}
            write(os.path.join(d, 'a.json'), json.dumps(dict(base, out_dir='a', seed=0, data=[
                {'path': 'wiki-train.tsv', 'max_sentences': 10}])))
            write(os.path.join(d, 'b.json'), json.dumps(dict(base, out_dir='b', seed=1, data=[
                {'path': 'wiki-train.tsv', 'max_sentences': 15}, {'path': 'web-dev.tsv'}])))
            cfg = C.load_config(write(os.path.join(d, 'soup.json'), json.dumps(
                {'out_dir': 'soup', 'soup': [{'config': 'a.json'}, {'config': 'b.json'}]})))
            work = os.path.join(d, 'cal')
            os.makedirs(work)
            sets = calibrate.calibration_sets(cfg, work)
            self.assertEqual([os.path.basename(s) for s in sets], ['news-dev.tsv', 'heldout-wiki-train.tsv'],
                             'web-dev is trained on by the second run')
            trained = set()
            for run, cap in zip(C.training_runs(cfg), (10, 15)):
                f = C.resolve_data(run)[0]
                sample = C.sample_sentences(C.read_training_file(f), 1.0, cap, C.file_seed(run, f['path']))
                trained |= {w[0] for w, _ in sample}
            self.assertGreater(len(trained), 15, 'the two seeds sample different sentences')
            heldout = {w[0] for w, _ in C.read_conll(sets[1])}
            self.assertEqual(heldout, {f'W{i}' for i in range(40)} - trained)


@unittest.skipUnless(importlib.util.find_spec('cyrtranslit'), 'cyrtranslit is installed by run.sh in the venv')
class SerbianCyrillic(unittest.TestCase):
    def test_serbian_latin_becomes_cyrillic_with_the_tags_unchanged(self):
        with tempfile.TemporaryDirectory() as d:
            p = write(os.path.join(d, 'sr-train.tsv'), 'Aleksandar\tB-PER\nVučić\tI-PER\nu\tO\nLjubljani\tB-LOC\n')
            got = C.read_training_file({'path': p, 'to_cyrillic': 'sr'})
        self.assertEqual(got, [(['Александар', 'Вучић', 'у', 'Љубљани'], ['B-PER', 'I-PER', 'O', 'B-LOC'])])


class Demonyms(unittest.TestCase):
    def test_demonym_spans_become_o_but_names_starting_with_one_stay(self):
        with tempfile.TemporaryDirectory() as d:
            lst = write(os.path.join(d, 'dem.txt'), '# comment\nKorean\nNorth Korean  # two words\nCanadian\n')
            p = write(os.path.join(d, 'en-train.tsv'),
                      'North\tB-ORG\nKorean\tI-ORG\ntroops\tI-ORG\nfled\tO\n\n'
                      'Canadians\tB-LOC\nand\tO\nKorean\tB-ORG\nAir\tI-ORG\n\n'
                      'the\tO\nCanadian\tB-LOC\nKorean\tB-LOC\npeninsula\tI-LOC\nin\tO\nSeoul\tB-LOC\n')
            cfg = make_config(d, [{'path': 'en-train.tsv', 'untag_demonyms': 'dem.txt'}])
            got = C.read_training_file(C.resolve_data(cfg)[0])
            self.assertEqual(C.read_demonyms(lst), {('Korean',), ('Koreans',), ('North', 'Korean'), ('North', 'Koreans'),
                                                    ('Canadian',), ('Canadians',)})
        self.assertEqual([t for _, t in got], [['O', 'O', 'O', 'O'], ['O', 'O', 'B-ORG', 'I-ORG'],
                                               ['O', 'O', 'O', 'O', 'O', 'B-LOC']])


class DemonymSwaps(unittest.TestCase):
    def test_demonyms_outside_entities_are_swapped_in_the_same_number_and_tags(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'dem.txt'), 'North Korean\nAmerican\nChinese\nCanadian\n')
            write(os.path.join(d, 'en-train.tsv'),
                  'an\tO\nAmerican\tO\nsaw\tO\nNorth\tO\nKoreans\tO\nin\tO\nSeoul\tB-LOC\n\n'
                  'Korean\tB-ORG\nAir\tI-ORG\nflew\tO\n\n'
                  'American\tB-ORG\nAirlines\tI-ORG\n\n')
            cfg = make_config(d, [{'path': 'en-train.tsv', 'demonym_swaps': {'list': 'dem.txt', 'copies': 3}}])
            got = C.read_training_file(C.resolve_data(cfg)[0])
        self.assertEqual(len(got), 3 + 3, 'only the first sentence has demonyms outside entities')
        for words, tags in got[3:]:
            self.assertIn(words[0], ('a', 'an'))
            self.assertEqual(words[0] == 'an', words[1] == 'American', 'the article follows the new demonym')
            self.assertEqual(words[-2:], ['in', 'Seoul'])
            plural = words[words.index('saw') + 1:-2]
            self.assertIn(plural, [['North', 'Koreans'], ['Americans'], ['Canadians']], 'no "Chineses"')
            self.assertEqual(tags, ['O'] * (len(words) - 1) + ['B-LOC'])


class PossessiveSwaps(unittest.TestCase):
    def test_the_before_an_org_becomes_a_possessive_name_of_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            write(os.path.join(d, 'en-train.tsv'),
                  'the\tO\nState\tB-ORG\nDuma\tI-ORG\nmet\tO\nin\tO\nthe\tO\nKremlin\tB-ORG\n\n'
                  'the\tO\nUnited\tB-LOC\nStates\tI-LOC\nand\tO\nThe\tB-ORG\nHague\tI-ORG\nGroup\tI-ORG\n\n'
                  'Russia\tB-LOC\nvoted\tO\n\n')
            cfg = make_config(d, [{'path': 'en-train.tsv', 'possessive_swaps': {'copies': 2}}])
            got = C.read_training_file(C.resolve_data(cfg)[0])
        self.assertEqual(len(got), 3 + 2, 'only the first sentence has an ORG after a separate "the"')
        owners = {('State', 'Duma'): ['B-ORG', 'I-ORG'], ('Kremlin',): ['B-ORG'],
                  ('United', 'States'): ['B-LOC', 'I-LOC'], ('The', 'Hague', 'Group'): ['B-ORG', 'I-ORG', 'I-ORG'],
                  ('Russia',): ['B-LOC']}
        for words, tags in got[3:]:
            # NAME 's State Duma met in NAME 's Kremlin
            first = words.index("'s")
            second = words.index("'s", first + 1)
            owner1, owner2 = tuple(words[:first]), tuple(words[first + 5:second])
            self.assertIn(owner1, owners)
            self.assertIn(owner2, owners)
            self.assertEqual(words[first:first + 5], ["'s", 'State', 'Duma', 'met', 'in'])
            self.assertEqual(words[second:], ["'s", 'Kremlin'])
            self.assertEqual(tags, owners[owner1] + ['O', 'B-ORG', 'I-ORG', 'O', 'O']
                             + owners[owner2] + ['O', 'B-ORG'])


class DemonymReport(unittest.TestCase):
    def test_running_text_and_demonym_only_spans_are_counted(self):
        words = ['The', 'North', 'Korean', 'troops', '(', 'seen', ')', "'s", 'Korean', 'Air', '.']
        self.assertEqual(C.detok(words)[0], "The North Korean troops (seen)'s Korean Air.")
        gold = [(['French', 'voters', 'and', 'Korean', 'Air'], ['B-ORG', 'O', 'O', 'B-ORG', 'I-ORG'])]
        predictions = [{'entities': [{'text': 'the North Koreans', 'label': 'LOC'}, {'text': 'Korean Air', 'label': 'ORG'},
                                     {'text': 'Russian', 'label': 'ORG'}, {'text': 'Russia', 'label': 'LOC'}]},
                       {'id': 'no entities'}]
        predicted, in_gold = demonym_report.count(gold, predictions)
        self.assertEqual(predicted, {'LOC': 1, 'ORG': 1})
        self.assertEqual(in_gold, 1)

    def test_a_data_sets_demonym_convention_is_counted(self):
        sents = [(['North', 'Korean', 'troops', 'and', 'Korean', 'Air'], ['B-ORG', 'I-ORG', 'I-ORG', 'O', 'B-ORG', 'I-ORG']),
                 (['Canadians', 'voted'], ['O', 'O'])]
        self.assertEqual(demonym_report.convention(sents), (2, 1, 2, 1),
                         '"North Korean" counts once; its span is untagged, "Korean Air" is not')


class ErrorReport(unittest.TestCase):
    def test_entities_map_to_words_and_errors_are_sorted_into_kinds(self):
        text, offs = C.detok(['Russia', "'s", 'State', 'Duma', 'met', '.'])
        self.assertEqual(error_report.word_span(offs, text.index('State'), text.index(' met')), (2, 4))
        self.assertIsNone(error_report.word_span(offs, text.index('Duma') + 1, text.index(' met')),
                          'an edge inside a word does not map')
        gold = {(0, 1, 'ORG'), (2, 4, 'ORG'), (5, 6, 'PER')}
        predicted = {(0, 1, 'LOC'), (3, 4, 'PER'), (5, 6, 'PER')}
        fps, misses, confusions = error_report.compare(gold, predicted)
        self.assertEqual(fps, [(3, 4, 'PER')])
        self.assertEqual(misses, [(2, 4, 'ORG')])
        self.assertEqual(confusions, [((0, 1, 'ORG'), (0, 1, 'LOC'))], 'a confusion is not also a miss')


class EvalTable(unittest.TestCase):
    def test_word_rows_of_the_eval_table_are_read(self):
        text = ('| set | mode | sentences | PER F1 | ORG F1 | LOC F1 | precision | recall | **F1** | seconds |\n'
                '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
                '| uner_trg-tl-test | words | 128 | 0.947 | NaN | 0.889 | 0.917 | 0.957 | **0.936** | 0.7 |\n'
                '| uner_trg-tl-test | raw | 128 | 0.9 | NaN | 0.8 | 0.9 | 0.9 | **0.900** | 0.7 |\n')
        rows = C.parse_eval_text(text)
        self.assertEqual(list(rows), ['uner_trg-tl-test'])
        self.assertEqual(rows['uner_trg-tl-test']['F1'], '0.936')
        self.assertEqual(rows['uner_trg-tl-test']['ORG'], 'NaN')


if __name__ == '__main__':
    unittest.main()
