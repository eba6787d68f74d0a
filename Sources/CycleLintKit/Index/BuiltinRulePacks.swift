// Generated from rules/*.yml by `swift run EmbedRulePacksTool Sources/CycleLintKit/Index/BuiltinRulePacks.swift rules/*.yml`. Do not edit.
enum BuiltinRulePacks {
    static let all: [(name: String, yaml: String)] = [
        (name: "apple-frameworks.yml", yaml: #"""
# Apple frameworks (AVFoundation, QuartzCore, UIKit). Static knowledge only: the analysis is
# syntactic, so these entries apply on any platform.
- {api: "AVAudioNode.installTap(onBus:bufferSize:format:block:)", closure: retained-by-receiver}   # until removeTap(onBus:)
- {api: "AVPlayer.addPeriodicTimeObserver(forInterval:queue:using:)", closure: retained-by-token}  # until removeTimeObserver(_:)
- {api: "AVPlayer.addBoundaryTimeObserver(forTimes:queue:using:)", closure: retained-by-token}
- api: "CADisplayLink.init(target:selector:)"
  closure: retained-until-invalidate     # the display link keeps its target until invalidate()
  argument: target
- {api: "UIView.animate(withDuration:animations:)", closure: transient}
- {api: "UIView.animate(withDuration:animations:completion:)", closure: transient}
- {api: "UIView.animate(withDuration:delay:options:animations:completion:)", closure: transient}
# A navigation controller keeps its view controllers (the root one included) in its stack.
- api: "UINavigationController.init(rootViewController:)"
  closure: retained-by-receiver
  argument: rootViewController
# A diffable data source keeps its cell provider for as long as it lives (it calls it for every
# cell it dequeues).
- {api: "UITableViewDiffableDataSource.init(tableView:cellProvider:)", closure: retained-by-receiver}
- {api: "UICollectionViewDiffableDataSource.init(collectionView:cellProvider:)", closure: retained-by-receiver}

"""#),
        (name: "combine.yml", yaml: #"""
# Combine (and OpenCombine). A subscription keeps its closures until its cancellable is
# cancelled or released; `assign(to:on:)` keeps the object it assigns to. The token also keeps
# the closures of the operators upstream of it (`$x.map { … }.sink { … }`).
- {api: "Publisher.sink(receiveValue:)", closure: retained-by-token}
- {api: "Publisher.sink(receiveCompletion:receiveValue:)", closure: retained-by-token}
- api: "Publisher.assign(to:on:)"
  closure: retained-by-token
  argument: "on"
- {api: "Future.init(_:)", closure: non-escaping}
# `AnyCancellable { … }` keeps its cancel closure until it is cancelled or released.
- {api: "AnyCancellable.init(_:)", closure: retained-by-token}

"""#),
        (name: "concurrency.yml", yaml: #"""
# Swift Concurrency. A task keeps its closure while it runs: a one-shot body is transient, an
# unbounded loop inside it (`while true`, `for await`) keeps what it captures until it ends.
- {api: "Task.init(priority:operation:)", closure: transient}
- {api: "Task.init(name:priority:operation:)", closure: transient}
- {api: "Task.init(executorPreference:priority:operation:)", closure: transient}
- {api: "Task.detached(priority:operation:)", closure: transient}
- {api: "Task.detached(name:priority:operation:)", closure: transient}
# Child tasks of a group cannot outlive the `withTaskGroup` call that awaits them (structured
# concurrency), so what they capture is held no longer than a method call.
- {api: "TaskGroup.addTask(priority:operation:)", closure: non-escaping}
- {api: "ThrowingTaskGroup.addTask(priority:operation:)", closure: non-escaping}
- {api: "TaskGroup.addTaskUnlessCancelled(priority:operation:)", closure: non-escaping}
- {api: "ThrowingTaskGroup.addTaskUnlessCancelled(priority:operation:)", closure: non-escaping}
- {api: "DiscardingTaskGroup.addTask(priority:operation:)", closure: non-escaping}
- {api: "ThrowingDiscardingTaskGroup.addTask(priority:operation:)", closure: non-escaping}
- {api: "AsyncStream.init(_:bufferingPolicy:_:)", closure: non-escaping}
- {api: "AsyncThrowingStream.init(_:bufferingPolicy:_:)", closure: non-escaping}
- {api: "AsyncStream.Continuation.onTermination(_:)", closure: retained-by-receiver}
- {api: "MainActor.run(resultType:body:)", closure: non-escaping}

"""#),
        (name: "dispatch.yml", yaml: #"""
# Dispatch. Work submitted to a queue runs once and is released.
- {api: "DispatchQueue.async(group:qos:flags:execute:)", closure: transient}
- {api: "DispatchQueue.async(execute:)", closure: transient}
- {api: "DispatchQueue.asyncAfter(deadline:qos:flags:execute:)", closure: transient}
- {api: "DispatchQueue.asyncAfter(wallDeadline:qos:flags:execute:)", closure: transient}
- {api: "DispatchQueue.sync(execute:)", closure: non-escaping}
- {api: "DispatchQueue.sync(flags:execute:)", closure: non-escaping}
- {api: "DispatchQueue.concurrentPerform(iterations:execute:)", closure: non-escaping}
- {api: "DispatchGroup.notify(qos:flags:queue:execute:)", closure: transient}
- {api: "DispatchWorkItem.init(qos:flags:block:)", closure: retained-by-receiver}
- {api: "DispatchWorkItem.notify(qos:flags:queue:execute:)", closure: retained-by-receiver}
# A dispatch source keeps its handlers until it is cancelled.
- {api: "DispatchSourceProtocol.setEventHandler(qos:flags:handler:)", closure: retained-by-receiver}
- {api: "DispatchSourceProtocol.setCancelHandler(qos:flags:handler:)", closure: retained-by-receiver}
- {api: "DispatchSourceProtocol.setRegistrationHandler(qos:flags:handler:)", closure: transient}  # released once it has run
# The C functions keep the handler in the source (their first argument) until it is cancelled.
- {api: "dispatch_source_set_event_handler(_:_:)", closure: retained-by-receiver, kept_by: 0}
- {api: "dispatch_source_set_cancel_handler(_:_:)", closure: retained-by-receiver, kept_by: 0}
- {api: "dispatch_source_set_registration_handler(_:_:)", closure: retained-by-receiver, kept_by: 0}
# The block `dispatch_block_create` returns keeps the closure it wraps.
- {api: "dispatch_block_create(_:_:)", closure: retained-by-receiver}

"""#),
        (name: "foundation.yml", yaml: #"""
# Foundation.
- api: "Timer.scheduledTimer(withTimeInterval:repeats:block:)"
  closure: retained-until-invalidate     # the run loop keeps a repeating timer until invalidate()
  transient_when: {repeats: "false"}
- api: "Timer.init(timeInterval:repeats:block:)"
  closure: retained-by-receiver
- api: "Timer.init(fire:interval:repeats:block:)"
  closure: retained-by-receiver
- api: "Timer.scheduledTimer(timeInterval:target:selector:userInfo:repeats:)"
  closure: retained-until-invalidate
  argument: target                      # the timer keeps its target strongly
  transient_when: {repeats: "false"}
- api: "RunLoop.add(_:forMode:)"
  closure: retained-until-invalidate
  argument: "_"
- api: "NotificationCenter.addObserver(forName:object:queue:using:)"
  closure: retained-by-token             # released by removeObserver(token)
- api: "NSObject.observe(_:options:changeHandler:)"
  closure: retained-by-token             # KVO: kept by the NSKeyValueObservation
- {api: "OperationQueue.addOperation(_:)", closure: transient}
- {api: "OperationQueue.addBarrierBlock(_:)", closure: transient}
- {api: "BlockOperation.init(block:)", closure: retained-by-receiver}
- {api: "BlockOperation.addExecutionBlock(_:)", closure: retained-by-receiver}
- {api: "URLSession.dataTask(with:completionHandler:)", closure: transient}
- {api: "URLSession.downloadTask(with:completionHandler:)", closure: transient}
- {api: "URLSession.uploadTask(with:from:completionHandler:)", closure: transient}
- api: "URLSession.init(configuration:delegate:delegateQueue:)"
  closure: retained-until-invalidate     # a session keeps its delegate until invalidated
  argument: delegate
- {api: "NSLock.withLock(_:)", closure: non-escaping}
- {api: "NSRecursiveLock.withLock(_:)", closure: non-escaping}
- {api: "FileManager.enumerator(at:includingPropertiesForKeys:options:errorHandler:)", closure: transient}

"""#),
        (name: "rxswift.yml", yaml: #"""
# RxSwift (and RxCocoa). A subscription keeps its closures until its Disposable is disposed, or
# until the DisposeBag it was added to (`.disposed(by: bag)`) is released or replaced
# (`bag = DisposeBag()`). The `with:` variants hold their object weakly, not what the closures
# capture.
- {api: "ObservableType.subscribe(onNext:onError:onCompleted:onDisposed:)", closure: retained-by-token}
- {api: "ObservableType.subscribe(with:onNext:onError:onCompleted:onDisposed:)", closure: retained-by-token}
- {api: "ObservableType.subscribe(_:)", closure: retained-by-token}
- {api: "ObservableType.bind(onNext:)", closure: retained-by-token}
- {api: "ObservableType.bind(with:onNext:)", closure: retained-by-token}
- {api: "SharedSequence.drive(onNext:onCompleted:onDisposed:)", closure: retained-by-token}
- {api: "SharedSequence.drive(with:onNext:onCompleted:onDisposed:)", closure: retained-by-token}
- {api: "Signal.emit(onNext:onCompleted:onDisposed:)", closure: retained-by-token}
# RxSwift 2 and 3 spellings; `.addDisposableTo(bag)` adds the subscription to the bag.
- {api: "ObservableType.subscribeNext(_:)", closure: retained-by-token}
- {api: "ObservableType.subscribeError(_:)", closure: retained-by-token}
- {api: "ObservableType.subscribeCompleted(_:)", closure: retained-by-token}

"""#),
        (name: "stdlib.yml", yaml: #"""
# Standard library higher-order functions: the closure runs before the call returns.
- {api: "Sequence.map(_:)", closure: non-escaping}
- {api: "Sequence.compactMap(_:)", closure: non-escaping}
- {api: "Sequence.flatMap(_:)", closure: non-escaping}
- {api: "Sequence.filter(_:)", closure: non-escaping}
- {api: "Sequence.forEach(_:)", closure: non-escaping}
- {api: "Sequence.reduce(_:_:)", closure: non-escaping}
- {api: "Sequence.reduce(into:_:)", closure: non-escaping}
- {api: "Sequence.sorted(by:)", closure: non-escaping}
- {api: "Sequence.first(where:)", closure: non-escaping}
- {api: "Sequence.contains(where:)", closure: non-escaping}
- {api: "Sequence.allSatisfy(_:)", closure: non-escaping}
- {api: "Sequence.min(by:)", closure: non-escaping}
- {api: "Sequence.max(by:)", closure: non-escaping}
- {api: "Collection.firstIndex(where:)", closure: non-escaping}
- {api: "Collection.lastIndex(where:)", closure: non-escaping}
- {api: "Array.removeAll(where:)", closure: non-escaping}
- {api: "Dictionary.mapValues(_:)", closure: non-escaping}
- {api: "Dictionary.compactMapValues(_:)", closure: non-escaping}
- {api: "Optional.map(_:)", closure: non-escaping}
- {api: "Optional.flatMap(_:)", closure: non-escaping}
- {api: "withExtendedLifetime(_:_:)", closure: non-escaping}
- {api: "withUnsafeMutablePointer(to:_:)", closure: non-escaping}
- {api: "withUnsafePointer(to:_:)", closure: non-escaping}
- {api: "withTaskGroup(of:returning:body:)", closure: non-escaping}
- {api: "withThrowingTaskGroup(of:returning:body:)", closure: non-escaping}
- {api: "withCheckedContinuation(isolation:function:_:)", closure: non-escaping}
- {api: "withCheckedThrowingContinuation(isolation:function:_:)", closure: non-escaping}
- {api: "withUnsafeContinuation(isolation:_:)", closure: non-escaping}
- {api: "withTaskCancellationHandler(operation:onCancel:isolation:)", closure: non-escaping}

"""#),
        (name: "swiftnio.yml", yaml: #"""
# SwiftNIO. Future callbacks run once when the future completes; scheduled work runs once.
- {api: "EventLoopFuture.whenComplete(_:)", closure: transient}
- {api: "EventLoopFuture.whenSuccess(_:)", closure: transient}
- {api: "EventLoopFuture.whenFailure(_:)", closure: transient}
- {api: "EventLoopFuture.map(_:)", closure: transient}
- {api: "EventLoopFuture.flatMap(_:)", closure: transient}
- {api: "EventLoopFuture.flatMapThrowing(_:)", closure: transient}
- {api: "EventLoopFuture.flatMapError(_:)", closure: transient}
- {api: "EventLoopFuture.flatMapErrorThrowing(_:)", closure: transient}
- {api: "EventLoopFuture.recover(_:)", closure: transient}
- {api: "EventLoopFuture.always(_:)", closure: transient}
- {api: "EventLoopFuture.hop(to:)", closure: transient}
- {api: "EventLoop.execute(_:)", closure: transient}
- {api: "EventLoop.submit(_:)", closure: transient}
- {api: "EventLoop.scheduleTask(in:_:)", closure: transient}
- {api: "EventLoop.scheduleTask(deadline:_:)", closure: transient}
- {api: "EventLoop.flatSubmit(_:)", closure: transient}
- {api: "EventLoop.scheduleRepeatedTask(initialDelay:delay:notifying:_:)", closure: retained-until-invalidate}
- {api: "EventLoop.scheduleRepeatedAsyncTask(initialDelay:delay:notifying:_:)", closure: retained-until-invalidate}
- {api: "ChannelHandlerContext.write(_:promise:)", closure: transient}
- {api: "ChannelPipeline.addHandler(_:name:position:)", closure: transient}
- {api: "ClientBootstrap.channelInitializer(_:)", closure: retained-by-receiver}
- {api: "ServerBootstrap.childChannelInitializer(_:)", closure: retained-by-receiver}
- {api: "ServerBootstrap.serverChannelInitializer(_:)", closure: retained-by-receiver}
# A handler's context keeps the handler, and the pipeline keeps the context, until the pipeline
# removes the handler and calls handlerRemoved(context:): a handler that stores its context (or
# its pipeline or channel) must let go of it there.
- context: ChannelHandlerContext
  owns: receiver
  until: "handlerRemoved(context:)"
  receivers: [ChannelHandler, ChannelInboundHandler, ChannelOutboundHandler, ChannelDuplexHandler, RemovableChannelHandler]

"""#),
    ]
}
